// MARK: - ASCIIFallback

/// ASCII stand-ins for the non-ASCII symbols the program draws, for terminals without UTF-8 (`LANG=C`).
///
/// Such terminals cannot show box drawing, arrows, braille or half blocks: curses drops what it cannot encode,
/// so separators, arrows and swatches would vanish. Each symbol maps to one ASCII character of the same
/// meaning (`│` → `|`, `←` → `<`, `■` → `#`), so a screen keeps its layout cell for cell; braille becomes `.`
/// (or a space when blank), and anything else non-ASCII becomes `?`.
public enum ASCIIFallback {
    /// The ASCII stand-ins of the symbols the program draws.
    static let table: [Character: Character] = [
        "│": "|", "─": "-", "┼": "+", "┌": "+", "┐": "+", "└": "+", "┘": "+", "├": "+", "┤": "+",
        "·": "|", "–": "-", "—": "-", "−": "-", "…": ".", "×": "x", "÷": "/", "±": "+", "≥": ">", "≤": "<",
        "σ": "s", "←": "<", "→": ">", "↑": "^", "↓": "v", "■": "#", "●": "@", "○": "o", "▔": "-", "▏": "|",
        "▀": "\"", "▄": ",", "█": "#", "░": ".", "▒": ":", "▓": "#",
    ]

    /// The ASCII character to draw for `symbol` (ASCII symbols are returned unchanged).
    public static func character(for symbol: Character) -> Character {
        if symbol.isASCII { return symbol }
        if let mapped = table[symbol] { return mapped }
        if let scalar = symbol.unicodeScalars.first, symbol.unicodeScalars.count == 1,
           (0x2800...0x28FF).contains(scalar.value) {
            return scalar.value == 0x2800 ? " " : "."
        }
        return "?"
    }

    /// `text` with every character replaced by its ASCII stand-in.
    public static func string(_ text: String) -> String {
        String(text.map(character(for:)))
    }
}

extension CellBuffer {
    /// Replaces every non-ASCII symbol by its ASCII stand-in (see `ASCIIFallback`), keeping styles.
    public mutating func makeASCII() {
        for y in 0..<height {
            for x in 0..<width where !self[x, y].symbol.isASCII {
                self[x, y].symbol = ASCIIFallback.character(for: self[x, y].symbol)
            }
        }
    }
}
