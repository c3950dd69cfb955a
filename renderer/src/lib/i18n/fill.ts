// Fills {name} placeholders of a translated string. Values are inserted as text by whoever
// renders the result; nothing here builds markup.
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
