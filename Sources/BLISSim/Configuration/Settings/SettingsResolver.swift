import Foundation

/// Turns the command-line layer and the optional `--config` layer into `RunSettings`: for each
/// setting the first of explicit flag > config file > the model's defaults.yaml row > the
/// command's default > the built-in default wins, is parsed by the setting's own parser (so a
/// flag and a file value get the same check and message), and is recorded with its provenance;
/// then the cross-setting rules run. Pure apart from checking that input paths exist.
public enum SettingsResolver {
  public static func resolve(flags: SettingsLayer, file: SettingsLayer? = nil,
                             context: SettingsContext = SettingsContext()) throws(SettingsError) -> RunSettings {
    let layers = [flags] + (file.map { [$0] } ?? [])
    var settings = RunSettings()
    if let file, case .file(let path) = file.origin { settings.configFile = URL(fileURLWithPath: path) }

    // The model first: its defaults.yaml row is the next layer down for the others.
    let catalog = SettingsCatalog.shared
    let modelChoice = try choice(for: catalog.model, layers: layers, row: nil, context: context)
    if case .builtin(nil) = modelChoice.choice, context.requiresModel {
      throw .missingRequired(flag: "--model", hint: " (a model id such as meta-llama/llama-3.1-8b-instruct)")
    }
    try catalog.model.apply(modelChoice.choice, to: &settings)
    settings.model = settings.model.trimmingCharacters(in: .whitespaces)
    settings.provenance[catalog.model.name] = modelChoice.provenance
    let row = context.modelDefaults[settings.modelKey]
    settings.hfRepo = row?.hfRepo

    for setting in SettingsCatalog.resolvable where setting.name != catalog.model.name {
      let (choice, provenance) = try choice(for: setting, layers: layers, row: row.map { ($0, settings.model) },
                                            context: context)
      try setting.apply(choice, to: &settings)
      settings.provenance[setting.name] = provenance
    }
    try SettingsRules.check(settings)
    settings.warnings = SettingsRules.warnings(for: settings)
    return settings
  }

  /// The winning value of `setting` and its provenance.
  static func choice(for setting: any ResolvableSetting, layers: [SettingsLayer], row: (ModelDefaultsRow, String)?,
                     context: SettingsContext) throws(SettingsError) -> (choice: SettingChoice, provenance: SettingProvenance) {
    for layer in layers {
      guard let entry = try entry(of: setting, in: layer) else { continue }
      let place = layer.place(of: setting.name, spelled: entry.shorthand)
      let source: SettingSource = layer.origin == .flags ? .flag : .configFile
      return (.input(entry.input, place: place, baseDirectory: layer.baseDirectory(currentDirectory: context.currentDirectory)),
              SettingProvenance(source: source, place: place))
    }
    if let (values, model) = row, setting.hasModelRowValue(values) {
      let place = "--\(setting.name) (defaults.yaml entry for \(model))"
      return (.modelRow(values, place: place), SettingProvenance(source: .modelDefaults, place: place))
    }
    return (.builtin(context.commandDefaults.inputs[setting.name]),
            SettingProvenance(source: .builtin, place: "--\(setting.name) (built-in default)"))
  }

  /// The layer's value for `setting`: the setting itself or its shorthand, which must agree.
  private static func entry(of setting: any ResolvableSetting, in layer: SettingsLayer) throws(SettingsError) -> SettingsLayer.Entry? {
    let direct = layer.entries[setting.name]
    guard let short = layer.shorthands[setting.name], let shorthand = setting.shorthand,
          let value = setting.shorthandInput else { return direct }
    if let direct, direct.input.description.lowercased() != value.description {
      throw .conflict(message: "\(layer.place(of: setting.name, spelled: shorthand)) and \(layer.place(of: setting.name)) "
        + "\(direct.input) disagree; use one of them")
    }
    return direct ?? SettingsLayer.Entry(input: value, line: short.line, shorthand: shorthand)
  }
}
