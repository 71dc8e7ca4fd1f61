import ArgumentParser
import Explorer

/// `latent keys`: the explorer's key bindings, by mode (the same list `?` shows in the explorer).
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "List the explorer's keys by mode."
    )

    @Flag(help: "As the Markdown table in the README.")
    var markdown = false

    func run() {
        if markdown {
            print(Keymap.markdownTable)
            return
        }
        for (heading, bindings) in Keymap.sections {
            print(heading)
            let width = bindings.map(\.label.count).max() ?? 0
            for b in bindings { print("  " + b.label.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + b.help) }
        }
    }
}
