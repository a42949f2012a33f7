/** VS Code's theme colours, read from the CSS variables it sets on the webview's root. */
export interface ThemeColours {
  foreground: string;
  muted: string;
  grid: string;
  fontFamily: string;
  fontSize: number;
}

export function readTheme(): ThemeColours {
  const style = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    foreground: v('--vscode-editor-foreground', '#cccccc'),
    muted: v('--vscode-descriptionForeground', '#999999'),
    grid: v('--vscode-editorWidget-border', 'rgba(128, 128, 128, 0.25)'),
    fontFamily: v('--vscode-font-family', 'sans-serif'),
    fontSize: parseFloat(v('--vscode-font-size', '13')) || 13,
  };
}
