import { NextRequest } from 'next/server';

/** A well-formed value for each dynamic segment, so a refusal is about access, not about a malformed path. */
const SAMPLE_PARAMS: Record<string, string> = {
  id: '00000000-0000-4000-8000-000000000000',
  index: '0',
  grid: 'assets',
  phoneNumber: '0x' + 'ab'.repeat(32),
  address: '0x' + '12'.repeat(20),
  nextauth: 'session',
};

/** The URL path a route file serves, with its dynamic segments filled by `fill` (route groups dropped). */
export function pathOf(file: string, fill: (name: string) => string): { path: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  const segments = file
    .replace(/^app\//, '')
    .replace(/\/route\.ts$/, '')
    .split('/')
    .filter((segment) => !/^\(.*\)$/.test(segment))
    .map((segment) => {
      const dynamic = /^\[(?:\.\.\.)?(\w+)\]$/.exec(segment);
      if (!dynamic) return segment;
      params[dynamic[1]] = fill(dynamic[1]);
      return encodeURIComponent(params[dynamic[1]]);
    });
  return { path: `/${segments.join('/')}`, params };
}

export function requestFor(
  file: string,
  method: string,
  {
    headers = {},
    query = {},
    fill = (name: string) => SAMPLE_PARAMS[name] ?? 'sample',
    body,
  }: { headers?: Record<string, string>; query?: Record<string, string>; fill?: (name: string) => string; body?: BodyInit } = {},
): { request: NextRequest; params: Record<string, string> } {
  const { path, params } = pathOf(file, fill);
  const url = new URL(path, 'http://127.0.0.1:3002');
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return { request: new NextRequest(url, { method, headers: { 'user-agent': 'vitest-security', ...headers }, body }), params };
}
