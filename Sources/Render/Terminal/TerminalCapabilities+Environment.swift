// MARK: - Environment

extension TerminalCapabilities {
    /// A first guess from environment variables (pure: pass `ProcessInfo.processInfo.environment`).
    ///
    /// - Colours: `NO_COLOR` set and not empty → mono; else `COLORTERM` = `truecolor`/`24bit` or a `TERM`
    ///   ending in `-direct` → truecolor; `TERM` with `256color` → 256; with `16color` or `88color` → 16;
    ///   `dumb`, `vt*` or no `TERM` → mono; any other `TERM` (`xterm`, `linux`, `screen`, ...) → 8.
    /// - Unicode: the first of `LC_ALL`, `LC_CTYPE`, `LANG` that is set and not empty names UTF-8 (`UTF-8`
    ///   or `utf8`, any case); never for `TERM=dumb`.
    /// - Multiplexer: `TMUX` set → tmux; `STY` set → screen.
    /// - Sixel and cell size are unknown until the terminal answers the queries.
    public static func fromEnvironment(_ env: [String: String]) -> TerminalCapabilities {
        let term = (env["TERM"] ?? "").lowercased()
        return TerminalCapabilities(colorDepth: colorDepth(env: env, term: term), sixel: false, cellSize: nil,
                                    unicode: term != "dumb" && localeIsUTF8(env),
                                    multiplexer: multiplexer(env))
    }

    static func colorDepth(env: [String: String], term: String) -> ColorDepth {
        if let noColor = env["NO_COLOR"], !noColor.isEmpty { return .mono }
        if term.isEmpty || term == "dumb" || term.hasPrefix("vt") { return .mono }
        let colorterm = (env["COLORTERM"] ?? "").lowercased()
        if colorterm == "truecolor" || colorterm == "24bit" || term.hasSuffix("-direct") { return .truecolor }
        if term.contains("256color") { return .indexed256 }
        if term.contains("16color") || term.contains("88color") { return .ansi16 }
        return .ansi8
    }

    static func localeIsUTF8(_ env: [String: String]) -> Bool {
        for key in ["LC_ALL", "LC_CTYPE", "LANG"] {
            if let value = env[key], !value.isEmpty {
                let v = value.lowercased()
                return v.contains("utf-8") || v.contains("utf8")
            }
        }
        return false
    }

    static func multiplexer(_ env: [String: String]) -> Multiplexer? {
        if let tmux = env["TMUX"], !tmux.isEmpty { return .tmux }
        if let sty = env["STY"], !sty.isEmpty { return .screen }
        return nil
    }
}
