// Hands something to the browser's own download flow through a link click: no navigation, and in
// Electron the same click goes to its download handling. One place for the link dance the CSV
// export, the diagnostics file and a message's "save as" (web host) all need.

/** Clicks a same-origin or blob: link as a download; `filename` empty lets the server name it. */
export function clickDownload(href: string, filename = ''): void {
  const link = document.createElement('a');
  link.href = href;
  link.download = filename;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
}

/** Saves text as a file, through a blob: address let go of once the browser has it. */
export function downloadText(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  clickDownload(url, filename);
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
