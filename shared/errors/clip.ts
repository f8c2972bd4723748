// A caller's string inside an error message: one line, control characters replaced, cut short. An
// error never echoes a huge input back (a 10 MB argument must not become a 10 MB error).
export function clip(text: string, max = 80): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return flat.length > max ? `${flat.slice(0, max)}… (${flat.length} characters)` : flat;
}
