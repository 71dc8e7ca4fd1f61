import Explorer

/// One unit of input as the terminal library delivers it: a character code, or a key it already decoded.
public enum InputUnit: Equatable, Sendable {
    case character(UInt32)
    /// A key the terminal library decoded from an escape sequence it knows (arrows, Home, ...).
    case key(Key)
    /// Anything else that is not a character (a resize, a mouse event): ends an escape sequence begun.
    case other
}

/// What the decoder makes of the input.
public enum DecodedInput: Equatable, Sendable {
    case key(Key)
    /// A terminal's answer to a query (a control sequence, or a DCS/APC/OSC string) that arrived among the
    /// keys: never a key press. The bytes run from the introducer to the final byte or terminator.
    case reply([UInt8])
}

/// Turns input units into keys, recognising the terminal's answers that arrive among them.
///
/// Terminal replies that come after the start-up probe's timeout (or after a query sent later) reach the
/// program as ordinary input: `ESC [ ? 6 2 ; 4 c` would otherwise be Escape, `[`, `?`, `6` (a class toggle)
/// and so on. The decoder holds an escape sequence until it is complete: a control sequence (`ESC [` or
/// C1 `0x9B` … final byte 0x40–0x7E) or a string (`ESC P`, `ESC _`, `ESC ]`, `ESC ^`, `ESC X` … `ESC \`
/// or BEL) becomes `.reply` and is not a key; `ESC` followed by nothing in the same burst of input is the
/// Escape key; `ESC` followed by another character is Escape and then that character. An escape sequence
/// still incomplete after one more burst, or longer than `maximumLength`, is dropped.
public struct InputDecoder: Sendable {
    /// The longest escape sequence kept (longer ones are dropped whole: no reply is that long).
    public static let maximumLength = 4096

    private enum Sequence: Sendable {
        /// `ESC` seen, nothing after it yet.
        case escape
        /// A control sequence: after `ESC [` or `0x9B`.
        case control
        /// A string (DCS, APC, OSC, PM, SOS) until ST; `sawEscape` when its last byte was `ESC`.
        case string(sawEscape: Bool)
    }

    private var sequence: Sequence?
    private var bytes: [UInt8] = []
    /// Whether the pending sequence has already waited through the end of one burst.
    private var carried = false
    /// Set while a too-long sequence is being skipped until its end.
    private var skipping = false

    public init() {}

    /// Decodes one unit.
    public mutating func feed(_ unit: InputUnit) -> [DecodedInput] {
        switch unit {
        case .character(let code):
            return feedCharacter(code)
        case .key(let key):
            var out = abandon()
            out.append(.key(key))
            return out
        case .other:
            return abandon()
        }
    }

    /// Decodes several units.
    public mutating func feed(_ units: [InputUnit]) -> [DecodedInput] {
        units.flatMap { feed($0) }
    }

    /// Says that no more input is waiting: a lone `ESC` is the Escape key now; an incomplete sequence waits for
    /// one more burst, then is dropped.
    public mutating func endOfBurst() -> [DecodedInput] {
        guard let sequence else { return [] }
        if case .escape = sequence {
            reset()
            return [.key(.escape)]
        }
        if carried { reset() } else { carried = true }
        return []
    }

    /// Whether part of an escape sequence is waiting for more input.
    public var isPending: Bool { sequence != nil }

    // MARK: - Characters

    private mutating func feedCharacter(_ code: UInt32) -> [DecodedInput] {
        guard let current = sequence else { return start(code) }
        carried = false
        switch current {
        case .escape:
            switch code {
            case 0x5B:  // [
                begin(.control, code)
            case 0x50, 0x5F, 0x5D, 0x5E, 0x58:  // P _ ] ^ X
                begin(.string(sawEscape: false), code)
            default:
                // Escape, then an ordinary key (Alt+key arrives this way too).
                reset()
                return [.key(.escape)] + start(code)
            }
            return []
        case .control:
            guard code < 0x80 else { return dropThen(code) }
            append(code)
            if code >= 0x40 && code <= 0x7E { return finish() }
            if code < 0x20 { return dropThen(code) }
            return []
        case .string(let sawEscape):
            if code == 0x07 || (sawEscape && code == 0x5C) || code == 0x9C {
                append(code)
                return finish()
            }
            append(code)
            sequence = .string(sawEscape: code == 0x1B)
            return []
        }
    }

    /// A character outside any sequence.
    private mutating func start(_ code: UInt32) -> [DecodedInput] {
        switch code {
        case 0x1B:
            sequence = .escape
            bytes = [0x1B]
            return []
        case 0x9B:
            sequence = .control
            bytes = [0x9B]
            return []
        case 0x90, 0x9F, 0x9D, 0x9E, 0x98:
            sequence = .string(sawEscape: false)
            bytes = [UInt8(code)]
            return []
        default:
            return CursesKeys.character(code).map { [.key($0)] } ?? []
        }
    }

    private mutating func begin(_ next: Sequence, _ code: UInt32) {
        sequence = next
        append(code)
    }

    private mutating func append(_ code: UInt32) {
        if bytes.count >= Self.maximumLength {
            skipping = true
            return
        }
        if code < 0x80 {
            bytes.append(UInt8(code))
        } else if let scalar = Unicode.Scalar(code) {
            bytes += Array(String(Character(scalar)).utf8)
        }
    }

    private mutating func finish() -> [DecodedInput] {
        let out: [DecodedInput] = skipping ? [] : [.reply(bytes)]
        reset()
        return out
    }

    /// A control sequence broken by a character that cannot be part of one: the sequence is dropped and the
    /// character decoded on its own.
    private mutating func dropThen(_ code: UInt32) -> [DecodedInput] {
        reset()
        return start(code)
    }

    /// A non-character unit arrived: a lone `ESC` is Escape, a begun sequence is dropped.
    private mutating func abandon() -> [DecodedInput] {
        guard let sequence else { return [] }
        reset()
        if case .escape = sequence { return [.key(.escape)] }
        return []
    }

    private mutating func reset() {
        sequence = nil
        bytes = []
        carried = false
        skipping = false
    }
}
