// Where the designer shows a procedure: its key's two parts as two path segments.

export function editorPath(key: string): string {
  const [department = '', name = ''] = key.split('.');
  return `/designer/${encodeURIComponent(department)}/${encodeURIComponent(name)}`;
}
