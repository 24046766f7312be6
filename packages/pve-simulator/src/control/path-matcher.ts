// Path patterns for fault rules, matched against the API path without `/api2/json` and query:
// a RegExp, or a glob where `*` matches one path segment and `**` any number of segments.

export type PathPattern = string | RegExp;

export function compilePathPattern(pattern: PathPattern): RegExp {
  if (pattern instanceof RegExp) return pattern;
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*' && pattern[i + 1] === '*') {
      re += '.*';
      i++;
    } else if (c === '*') re += '[^/]*';
    else re += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}
