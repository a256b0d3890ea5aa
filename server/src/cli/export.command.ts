export async function exportCommand(_d?: string): Promise<number> { return 1; }
