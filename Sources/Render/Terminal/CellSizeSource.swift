// MARK: - CellSizeSource

/// Where the cell size in pixels came from, in the order they are tried.
public enum CellSizeSource: String, Equatable, Sendable, CaseIterable {
    /// The kernel's window size (`TIOCGWINSZ`): `ws_xpixel × ws_ypixel` ÷ columns × rows.
    case tiocgwinsz
    /// The terminal's answer to `CSI 16 t` (cell size).
    case csi16t
    /// The terminal's answer to `CSI 14 t` (text area size) ÷ columns × rows.
    case csi14t
    /// Nothing said: `TerminalCapabilities.assumedCellSize`.
    case assumed
}

// MARK: - WindowSize

/// The terminal's size as `TIOCGWINSZ` reports it: cells, and pixels when the terminal fills them in (0 when not).
public struct WindowSize: Equatable, Sendable {
    public var columns: Int
    public var rows: Int
    public var pixelWidth: Int
    public var pixelHeight: Int

    public init(columns: Int, rows: Int, pixelWidth: Int = 0, pixelHeight: Int = 0) {
        self.columns = columns
        self.rows = rows
        self.pixelWidth = pixelWidth
        self.pixelHeight = pixelHeight
    }

    /// The cell size the pixel fields give, or nil when they are not filled in or make cells under 2×2 pixels.
    public var cellSize: PixelSize? {
        PixelSize.cell(ofArea: PixelSize(width: pixelWidth, height: pixelHeight), columns: columns, rows: rows)
    }
}

extension PixelSize {
    /// One cell of an area of `area` pixels holding `columns × rows` cells (whole pixels, rounded down), or nil
    /// when a size is zero or the cells would be under 2×2 pixels (an answer no real font gives).
    public static func cell(ofArea area: PixelSize, columns: Int, rows: Int) -> PixelSize? {
        guard columns > 0, rows > 0, area.width > 0, area.height > 0 else { return nil }
        let cell = PixelSize(width: area.width / columns, height: area.height / rows)
        return cell.width >= 2 && cell.height >= 2 ? cell : nil
    }
}

// MARK: - Resolution

extension TerminalCapabilities {
    /// The cell size from what the terminal and the kernel said, in this order: `TIOCGWINSZ` pixels, the
    /// `CSI 16 t` answer, the `CSI 14 t` answer ÷ cells, else `assumedCellSize`; and where it came from.
    public static func resolveCellSize(window: WindowSize?, csi16t: PixelSize?,
                                       csi14t: PixelSize?) -> (size: PixelSize, source: CellSizeSource) {
        if let cell = window?.cellSize { return (cell, .tiocgwinsz) }
        if let cell = csi16t, cell.width >= 2, cell.height >= 2 { return (cell, .csi16t) }
        if let area = csi14t, let window,
           let cell = PixelSize.cell(ofArea: area, columns: window.columns, rows: window.rows) {
            return (cell, .csi14t)
        }
        return (assumedCellSize, .assumed)
    }
}
