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

/**
 * What every chart of the panel shares: drawn at once (no animation), sized by its box, points
 * given as {x, y} already (no parsing), in the editor's font and text colour.
 */
export function chartBase(theme: ThemeColours) {
  return {
    animation: false, responsive: true, maintainAspectRatio: false, parsing: false,
    font: { family: theme.fontFamily, size: theme.fontSize }, color: theme.foreground,
  } as const;
}

/** A titled axis in the theme's colours; `ticks` adds to the tick options. */
export function titledAxis(theme: ThemeColours, title: string, ticks: { precision?: number; stepSize?: number } = {}) {
  return {
    title: { display: true, text: title, color: theme.foreground },
    grid: { color: theme.grid },
    ticks: { color: theme.muted, ...ticks },
  };
}
