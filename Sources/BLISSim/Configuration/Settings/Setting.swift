import Foundation

/// What every setting tells the command line: its names and how its default reads in `--help`.
public protocol AnySetting: Sendable {
  /// The long flag without `--`, also the `--config` key (kebab- or snake_case): `max-num-seqs`.
  var name: String { get }
  /// Other accepted names (the reference's flags, defaults.yaml spellings): `max-num-running-reqs`.
  var aliases: [String] { get }
  /// A boolean flag that sets this setting to a fixed value (`roofline` = `--latency-model roofline`).
  var shorthand: String? { get }
  /// The default as `--help` shows it, given a command's own defaults: `1`, `round-robin`,
  /// `the model's defaults.yaml row, else 1`.
  func defaultText(_ commandDefaults: CommandDefaults) -> String
}

/// A setting the resolver can apply: the winning input (or the default) becomes a typed field.
protocol ResolvableSetting: AnySetting {
  /// Sets the field from `choice` (the built-in default needs nothing: the field holds it).
  func apply(_ choice: SettingChoice, to settings: inout RunSettings) throws(SettingsError)
  /// The input the shorthand flag stands for.
  var shorthandInput: SettingInput? { get }
  /// True when the model's defaults.yaml row has a value for this setting.
  func hasModelRowValue(_ row: ModelDefaultsRow) -> Bool
}

/// Which value a setting takes after precedence, before parsing.
enum SettingChoice {
  /// A flag or config-file value, with how messages name it and where relative paths start.
  case input(SettingInput, place: String, baseDirectory: URL)
  /// The model's defaults.yaml row.
  case modelRow(ModelDefaultsRow, place: String)
  /// Nothing given: the command's default (if any) or the built-in one.
  case builtin(SettingInput?)
}

/// One run setting: its names, how its input is parsed, which field of `RunSettings` it sets,
/// and where a default other than the built-in one comes from. Declared once, in
/// `SettingsCatalog`; the flag, the config key, the precedence, the provenance, the error text
/// and the help default all derive from the declaration.
public struct Setting<Value>: ResolvableSetting, Sendable {
  public let name: String
  public let aliases: [String]
  public let shorthand: String?
  /// The input the shorthand flag stands for.
  let shorthandInput: SettingInput?
  let field: any WritableKeyPath<RunSettings, Value> & Sendable
  let parser: SettingParser<Value>
  /// The value from the model's defaults.yaml row, when the row has one.
  let fromModelRow: (@Sendable (ModelDefaultsRow) -> Value?)?
  /// Help text for the default when the built-in value alone would mislead (`computed`, …).
  let defaultNote: String?

  init(_ name: String, _ field: any WritableKeyPath<RunSettings, Value> & Sendable, _ parser: SettingParser<Value>,
       aliases: [String] = [], shorthand: (name: String, value: String)? = nil,
       fromModelRow: (@Sendable (ModelDefaultsRow) -> Value?)? = nil, defaultNote: String? = nil) {
    self.name = name
    self.aliases = aliases
    self.shorthand = shorthand?.name
    self.shorthandInput = shorthand.map { .text($0.value) }
    self.field = field
    self.parser = parser
    self.fromModelRow = fromModelRow
    self.defaultNote = defaultNote
  }

  public func defaultText(_ commandDefaults: CommandDefaults) -> String {
    if let own = commandDefaults.inputs[name] { return own.description }
    let builtin = defaultNote ?? parser.format(RunSettings()[keyPath: field])
    return fromModelRow == nil ? builtin : "the model's defaults.yaml row, else \(builtin)"
  }

  /// Parses `input`, naming `place` and the value on failure.
  func parse(_ input: SettingInput, place: String, baseDirectory: URL) throws(SettingsError) -> Value {
    do { return try parser.parse(input, baseDirectory) } catch {
      throw .invalidValue(place: place, value: input.description, allowed: error.allowed)
    }
  }

  func apply(_ choice: SettingChoice, to settings: inout RunSettings) throws(SettingsError) {
    switch choice {
    case .input(let input, let place, let base):
      settings[keyPath: field] = try parse(input, place: place, baseDirectory: base)
    case .modelRow(let row, let place):
      if let value = fromModelRow?(row) { settings[keyPath: field] = value } else {
        preconditionFailure("\(place): the resolver offers a model row only to settings it has a value for")
      }
    case .builtin(let commandDefault):
      guard let commandDefault else { return }  // the field already holds the built-in default
      let base = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
      settings[keyPath: field] = try parse(commandDefault, place: "--\(name) (command default)", baseDirectory: base)
    }
  }

  func hasModelRowValue(_ row: ModelDefaultsRow) -> Bool { fromModelRow?(row) != nil }
}
