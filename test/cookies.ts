/** A client's cookie jar for `app.inject` sessions: what the browser would keep from Set-Cookie. */

/** Keep the cookies a response sets, and forget those it clears (Max-Age=0 or an empty value). */
export function keepCookies(jar: Map<string, string>, headers: Record<string, unknown>): void {
  const set = headers['set-cookie'];
  for (const c of Array.isArray(set) ? set : set ? [set] : []) {
    const [pair = '', ...attrs] = String(c).split(';');
    const i = pair.indexOf('=');
    const name = pair.slice(0, i);
    const value = pair.slice(i + 1);
    if (attrs.some((a) => /max-age=0/i.test(a.trim())) || value === '') jar.delete(name);
    else jar.set(name, value);
  }
}

/** The Cookie header that sends the jar back. */
export const cookieHeader = (jar: Map<string, string>): string => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
