import CNcurses
import Explorer

/// Reads what is waiting on the keyboard through ncurses, as input units for the `InputDecoder`.
enum CursesInput {
    /// One unit read from curses: a character, a decoded key, a resize, a mouse press at a cell.
    enum Event {
        case unit(InputUnit)
        case resize
        case click(column: Int, row: Int)
    }

    /// Everything waiting now: waits up to the curses timeout for the first event, then takes the rest without
    /// waiting (so held keys are drained before one redraw). Empty when nothing arrived.
    static func readBurst(limit: Int = 4096) -> [Event] {
        var events: [Event] = []
        while events.count < limit, let event = readOne() {
            events.append(event)
            if events.count == 1 { wtimeout(latent_stdscr(), 0) }
        }
        if !events.isEmpty { wtimeout(latent_stdscr(), 20) }
        return events
    }

    private static func readOne() -> Event? {
        var wide: wint_t = 0
        let result = get_wch(&wide)
        if result == OK { return .unit(.character(UInt32(wide))) }
        guard result == KEY_CODE_YES else { return nil }
        let code = Int32(wide)
        if code == latent_key_resize() { return .resize }
        if code == latent_key_mouse() {
            var event = MEVENT()
            guard getmouse(&event) == OK, latent_mouse_is_press(event.bstate) != 0 else { return .unit(.other) }
            return .click(column: Int(event.x), row: Int(event.y))
        }
        return .unit(CursesKeys.functionKey(code).map { .key($0) } ?? .other)
    }
}
