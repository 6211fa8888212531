/// Pickers and input fields opened with Enter (or `/` for a filtered picker, `b` for the budget).
extension AppState {
  mutating func openEditor(filtering: Bool) {
    if selectedField.isChoice {
      let options = selectedField.choices(in: catalog)
      let current = options.firstIndex(of: selectedField.value(in: draft)) ?? 0
      editor = .picker(field: selectedField, filter: "", filtering: filtering, selection: filtering ? 0 : current)
    } else {
      editor = .input(field: selectedField, text: "")
    }
  }

  /// The picker's options after applying its filter (case-insensitive substring match).
  func filteredChoices(field: ConfigField, filter: String) -> [String] {
    let options = field.choices(in: catalog)
    guard !filter.isEmpty else { return options }
    let needle = filter.lowercased()
    return options.filter { $0.lowercased().contains(needle) }
  }

  mutating func handleEditorKey(_ key: Key) -> [Effect] {
    switch editor {
    case .picker(let field, var filter, var filtering, var selection):
      let options = filteredChoices(field: field, filter: filter)
      switch key {
      case .escape:
        if filtering && !filter.isEmpty { filter = ""; selection = 0 } else { editor = nil; return [] }
      case .enter:
        editor = nil
        guard options.indices.contains(selection), let next = field.applying(options[selection], to: draft) else {
          status = "no \(field.label.lowercased()) matches \"\(filter)\""
          return []
        }
        return change(next)
      case .up: selection = max(0, selection - 1)
      case .down: selection = min(max(0, options.count - 1), selection + 1)
      case .character("/") where !filtering: filtering = true
      case .character("k") where !filtering: selection = max(0, selection - 1)
      case .character("j") where !filtering: selection = min(max(0, options.count - 1), selection + 1)
      case .backspace where filtering:
        if !filter.isEmpty { filter.removeLast() }
        selection = 0
      case .character(let c) where filtering:
        filter.append(c)
        selection = 0
      default: break
      }
      editor = .picker(field: field, filter: filter, filtering: filtering, selection: selection)
      return []
    case .input(let field, var text):
      switch key {
      case .escape: editor = nil
      case .enter:
        editor = nil
        guard let next = field.applying(text, to: draft) else {
          status = field.inputError(text)
          return []
        }
        return change(next)
      case .backspace:
        if !text.isEmpty { text.removeLast() }
        editor = .input(field: field, text: text)
      case .character(let c) where field.accepts(c):
        if text.count < 20 { text.append(c) }
        editor = .input(field: field, text: text)
      default: break
      }
      return []
    case .budget(var text):
      switch key {
      case .escape: editor = nil
      case .enter:
        editor = nil
        guard let budget = Int(text), (1...4096).contains(budget) else {
          status = "GPU budget \"\(text)\" is not valid: use a whole number 1…4096"
          return []
        }
        return changeBudget(to: budget)
      case .backspace:
        if !text.isEmpty { text.removeLast() }
        editor = .budget(text: text)
      case .character(let c) where c.isNumber:
        if text.count < 4 { text.append(c) }
        editor = .budget(text: text)
      default: break
      }
      return []
    case nil:
      return []
    }
  }
}
