/// A key press, decoded from the terminal into terms the reducer understands.
enum Key: Sendable, Hashable {
  case character(Character)
  case up, down, left, right
  case enter, escape, tab, backTab, backspace
  /// Ctrl + a letter (lower case), e.g. `.control("c")` for Ctrl-C, `.control("l")` for Ctrl-L.
  case control(Character)
}
