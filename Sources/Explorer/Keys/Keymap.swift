/// Every key binding of the explorer, declared once: the keys, the action, the help text and the modes.
///
/// `update` looks keys up here; the status-line hints, the help overlay, `latent explore --help` and the README's
/// key table are all generated from `Keymap.bindings` (a test compares the README with `markdownTable`).
public enum Keymap {
    /// One binding: keys (each with its action, so `1 … 9` can name a class each), how the keys are written,
    /// what they do, and a short status-line hint (nil to leave it out of the hints).
    public struct Binding: Sendable {
        public let keys: [(Key, Action)]
        public let label: String
        public let help: String
        /// The status line's hint: the keys, short, and what they do.
        public let hint: String?
        public let modes: [ModeKind]

        init(_ label: String, _ keys: [(Key, Action)], _ help: String, hint: String? = nil, in modes: [ModeKind]) {
            self.label = label
            self.keys = keys
            self.help = help
            self.hint = hint
            self.modes = modes
        }
    }

    /// The modes where a binding listed as "everywhere" applies (typing a search takes its own keys).
    static let everywhere: [ModeKind] = [.browse, .interpolation, .sliders, .traversal, .outliers]

    private static func same(_ action: Action, _ keys: Key...) -> [(Key, Action)] { keys.map { ($0, action) } }
    private static func char(_ c: Character) -> Key { .character(c) }

    public static let bindings: [Binding] = [
        // everywhere
        Binding("q", same(.quit, char("q"), .control("c")), "quit (Ctrl-C too)", hint: "q quit", in: everywhere),
        Binding("Esc", same(.back, .escape), "leave the mode, or cancel a running projection", hint: "Esc back",
                in: [.browse, .interpolation, .sliders, .traversal, .outliers]),
        Binding("?", same(.help, char("?")), "this help", hint: "? help", in: everywhere),
        Binding("Ctrl-L", same(.redraw, .control("l")), "redraw the screen", in: everywhere + [.help]),

        // browse
        Binding("h j k l ←↓↑→", [(char("h"), .move(dx: -1, dy: 0)), (char("j"), .move(dx: 0, dy: 1)),
                                 (char("k"), .move(dx: 0, dy: -1)), (char("l"), .move(dx: 1, dy: 0)),
                                 (.left, .move(dx: -1, dy: 0)), (.down, .move(dx: 0, dy: 1)),
                                 (.up, .move(dx: 0, dy: -1)), (.right, .move(dx: 1, dy: 0))],
                "move the cursor one cell", hint: "hjkl move", in: [.browse]),
        Binding("H J K L shift+arrows", [(char("H"), .move(dx: -8, dy: 0)), (char("J"), .move(dx: 0, dy: 8)),
                                         (char("K"), .move(dx: 0, dy: -8)), (char("L"), .move(dx: 8, dy: 0)),
                                         (.shiftLeft, .move(dx: -8, dy: 0)), (.shiftDown, .move(dx: 0, dy: 8)),
                                         (.shiftUp, .move(dx: 0, dy: -8)), (.shiftRight, .move(dx: 8, dy: 0))],
                "move eight cells", in: [.browse]),
        Binding("Enter", same(.pin, .enter), "pin or unpin the point (a click pins too)", hint: "Enter pin", in: [.browse]),
        Binding("+ - 0", [(char("+"), .zoomIn), (char("="), .zoomIn), (char("-"), .zoomOut), (char("_"), .zoomOut),
                          (char("0"), .fitView)],
                "zoom in, zoom out around the cursor; fit the view", in: [.browse]),
        Binding("1 … 9 )", (1...9).map { (char(Character(String($0))), Action.toggleClass($0)) } + [(char(")"), .toggleClass(0))],
                "hide or show class 1 … 9, class 0 (a click on the legend too)", in: [.browse]),
        Binding("g", same(.greyHidden, char("g")), "draw hidden classes in grey", in: [.browse]),
        Binding("n N", [(char("n"), .next), (char("N"), .previous)],
                "next / previous search match, else the next point of the same class", in: [.browse]),
        Binding("p x y", [(char("p"), .pca), (char("x"), .nextPCX), (char("y"), .nextPCY)],
                "PCA; the next principal component on x, on y", in: [.browse]),
        Binding("t", same(.project(.tsne), char("t")), "t-SNE in the background, animated (Esc cancels)", in: [.browse]),
        Binding("u", same(.project(.umap), char("u")), "UMAP in the background, animated (Esc cancels)", in: [.browse]),
        Binding("r", same(.raw, char("r")), "the raw latent axes (2-d latents)", in: [.browse]),
        Binding("e", same(.export, char("e")), "export the plotted coordinates to CSV", in: [.browse]),
        Binding("a b A B", [(char("a"), .mark(.a, ofClassMean: false)), (char("b"), .mark(.b, ofClassMean: false)),
                            (char("A"), .mark(.a, ofClassMean: true)), (char("B"), .mark(.b, ofClassMean: true))],
                "mark the point as A / B; A B: its class mean", hint: "a/b mark", in: [.browse]),
        Binding("i", same(.open(.interpolation), char("i")), "interpolate from A to B", hint: "i interp", in: [.browse]),
        Binding("s", same(.open(.sliders), char("s")), "sliders on the point's latent code", hint: "s sliders", in: [.browse]),
        Binding("d", same(.open(.traversal), char("d")), "dimension traversal grid around the point", hint: "d traverse",
                in: [.browse]),
        Binding("o", same(.open(.outliers), char("o")), "outliers, ranked", hint: "o outliers", in: [.browse]),
        Binding("/", same(.open(.search), char("/")), "search: #index, class name, worst, best", hint: "/ search",
                in: [.browse]),
        Binding("S", same(.saveSession, char("S")), "save the session to JSON (latent explore --session FILE)",
                in: [.browse]),

        // interpolation
        Binding("h l ←→", [(char("h"), .stepBack), (.left, .stepBack), (char("l"), .stepForward), (.right, .stepForward)],
                "previous / next frame", hint: "h/l frame", in: [.interpolation]),
        Binding("[ ]", [(char("["), .fewerSteps), (char("]"), .moreSteps)], "fewer / more steps (2 … 32)",
                hint: "[/] steps", in: [.interpolation]),
        Binding("m", same(.switchMethod, char("m")), "linear / spherical interpolation", hint: "m linear/spherical",
                in: [.interpolation]),

        // outliers
        Binding("j k ↓↑", [(char("j"), .stepForward), (.down, .stepForward), (char("k"), .stepBack), (.up, .stepBack)],
                "next / previous outlier", hint: "j/k step", in: [.outliers]),
        Binding("PgDn PgUp", [(.pageDown, .pageDown), (.pageUp, .pageUp)], "ten outliers on / back", in: [.outliers]),
        Binding("m", same(.switchMethod, char("m")), "reconstruction error / latent kNN distance score",
                hint: "m recon/kNN", in: [.outliers]),
        Binding("Enter", same(.goToPoint, .enter), "go to the point (back to browsing, pinned)", hint: "Enter go",
                in: [.outliers]),

        // sliders
        Binding("j k ↓↑", [(char("j"), .dimensionDown), (.down, .dimensionDown), (char("k"), .dimensionUp), (.up, .dimensionUp)],
                "next / previous dimension", hint: "j/k dimension", in: [.sliders]),
        Binding("h l ←→", [(char("h"), .nudge(sigmas: -0.1)), (.left, .nudge(sigmas: -0.1)),
                           (char("l"), .nudge(sigmas: 0.1)), (.right, .nudge(sigmas: 0.1))],
                "move the dimension by −0.1σ / +0.1σ", hint: "h/l ±0.1σ", in: [.sliders]),
        Binding("H L shift+←→", [(char("H"), .nudge(sigmas: -1)), (.shiftLeft, .nudge(sigmas: -1)),
                                 (char("L"), .nudge(sigmas: 1)), (.shiftRight, .nudge(sigmas: 1))],
                "move the dimension by −1σ / +1σ", hint: "H/L ±1σ", in: [.sliders]),
        Binding("r", same(.reset, char("r")), "reset the code to the point's own", hint: "r reset", in: [.sliders]),
        Binding("z", same(.zero, char("z")), "set the dimension to 0", hint: "z zero", in: [.sliders]),
        Binding("a", same(.sortByActivity, char("a")), "sort the dimensions by activity / by index", hint: "a sort",
                in: [.sliders]),
        Binding("p", same(.axes(.principal), char("p")),
                "sliders along the principal directions of the codes / single dimensions (above 64 values: directions first)",
                hint: "p principal", in: [.sliders]),
        Binding("c", same(.axes(.channels), char("c")), "one slider per channel of a spatial latent (a uniform shift)",
                in: [.sliders]),

        // traversal
        Binding("j k ↓↑", [(char("j"), .scrollDown), (.down, .scrollDown), (char("k"), .scrollUp), (.up, .scrollUp)],
                "scroll the dimensions", hint: "j/k scroll", in: [.traversal]),
        Binding("h l ←→", [(char("h"), .columnLeft), (.left, .columnLeft), (char("l"), .columnRight), (.right, .columnRight)],
                "move the column marker (shown large in the sample pane)", hint: "h/l column", in: [.traversal]),
        Binding("p", same(.axes(.principal), char("p")),
                "rows along the principal directions of the codes / single dimensions (above 64 values: directions first)",
                hint: "p principal", in: [.traversal]),
        Binding("c", same(.axes(.channels), char("c")), "one row per channel of a spatial latent (a uniform shift)",
                in: [.traversal]),

        // search
        Binding("typing", [], "the query: #index, a class name's start, worst, best", in: [.search]),
        Binding("Enter", same(.goToPoint, .enter), "jump to the first match (n N step through them)", hint: "Enter search",
                in: [.search]),
        Binding("Esc", same(.back, .escape), "cancel", hint: "Esc cancel", in: [.search]),

        // help
        Binding("any key", [], "close this help (q quits)", in: [.help]),
    ]

    /// The action of `key` in `mode`, if it has one.
    public static func action(for key: Key, in mode: ModeKind) -> Action? {
        table[mode]?[key]
    }

    private static let table: [ModeKind: [Key: Action]] = {
        var table: [ModeKind: [Key: Action]] = [:]
        for binding in bindings {
            for mode in binding.modes {
                for (key, action) in binding.keys where table[mode]?[key] == nil {
                    table[mode, default: [:]][key] = action
                }
            }
        }
        return table
    }()

    /// The bindings of a mode, its own first, then those it shares with every mode.
    public static func bindings(in mode: ModeKind) -> [Binding] {
        let own = bindings.filter { $0.modes.contains(mode) && !isShared($0) }
        return own + bindings.filter { $0.modes.contains(mode) && isShared($0) }
    }

    private static func isShared(_ binding: Binding) -> Bool { binding.modes.count > 1 }

    /// The status line's key hints for a mode (browsing has nothing to go back to, so no `Esc back` there).
    public static func hints(in mode: ModeKind) -> String {
        bindings(in: mode).filter { mode != .browse || $0.keys.first?.1 != .back }.compactMap(\.hint)
            .joined(separator: " · ")
    }

    /// The key sections: a heading and its bindings (for the help overlay, `--help` and the README).
    public static var sections: [(heading: String, bindings: [Binding])] {
        var sections: [(String, [Binding])] = [("everywhere", bindings.filter(isShared))]
        for mode in ModeKind.allCases {
            let own = bindings.filter { $0.modes == [mode] }
            if !own.isEmpty { sections.append((mode.title, own)) }
        }
        return sections
    }

    /// The help overlay's lines for a mode: its own bindings, then those of every mode (all of them would not
    /// fit a 40-row screen; each mode's help shows its own).
    public static func overlayLines(for mode: ModeKind) -> [String] {
        let own = bindings.filter { $0.modes == [mode] }
        let shared = bindings.filter { isShared($0) && $0.modes.contains(mode) }
        let width = (own + shared).map(\.label.count).max() ?? 0
        func line(_ b: Binding) -> String { "  " + b.label.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + b.help }
        var lines = ["\(mode.title) keys"] + own.map(line)
        if !shared.isEmpty { lines += ["everywhere"] + shared.map(line) }
        lines.append("any key closes this help")
        return lines
    }

    /// `latent explore --help`'s key list.
    public static var commandHelp: String {
        sections.map { heading, list in
            "\(heading): " + list.map { "\($0.label) \($0.help)" }.joined(separator: "; ")
        }.joined(separator: "\n")
    }

    /// The README's key table (Markdown).
    public static var markdownTable: String {
        var lines = ["| mode | keys | what they do |", "|---|---|---|"]
        for (heading, list) in sections {
            for (k, b) in list.enumerated() {
                let keys = b.label.split(separator: " ").map { $0 == "…" ? "…" : "`\($0)`" }.joined(separator: " ")
                lines.append("| \(k == 0 ? heading : "") | \(b.keys.isEmpty ? b.label : keys) | \(b.help) |")
            }
        }
        return lines.joined(separator: "\n")
    }
}
