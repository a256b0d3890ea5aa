// A record's number, as lists show it beside the server's title (`Record.title`).

export function shortId(id: string): string {
  return `#${id.slice(0, 8)}`;
}
