export async function importCommand(_d?: string): Promise<number> { return 1; }
