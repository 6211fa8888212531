import BLISSim
import Foundation

/// Everything the interactive planner needs, built once at launch from the same option group as
/// `blis run`: the starting scenario, what the pickers offer, and the real engine behind the seam.
struct Planner {
  let initialScenario: Scenario
  let catalog: ScenarioCatalog
  let runner: PlanScenarioRunner
  let validator: PlanScenarioValidator
  /// The serving profile every run uses (from the launch's `--serving-profile` / `--vllm-version`,
  /// else the catalogue's default), shown in the header and exports.
  var servingProfile: String?

  /// The screen's starting state.
  func makeState() -> AppState {
    var state = AppState(draft: initialScenario, catalog: catalog)
    state.servingProfile = servingProfile
    return state
  }

  /// The host that runs the planner's simulations.
  func makeHost() -> SimulationHost { SimulationHost(runner: runner, validator: validator) }

  /// The launch flags that still apply to a scenario (for the exports' reproduce commands).
  var launchArguments: @Sendable (Scenario) -> [String] {
    let options = runner.options
    return { options.extraArguments(for: $0) }
  }

  /// Loads the data files and resolves the launch settings. Before the screen starts (so never
  /// from the UI), fetches the launch model's config from the hub if it is not on disk; the
  /// planner itself then reads configs from disk only.
  static func load(options: RunOptions<PlannerSettingDefaults>, io: CommandIO, fetchLaunchModel: Bool = true) throws -> Planner {
    let file = try options.output.configLayer(currentDirectory: io.currentDirectory)
    let defaults = try DataFiles.loadDefaults(directory: io.dataDirectory)
    let mapping = ScenarioOptions(flags: options.settingsLayer, file: file,
                                  context: SettingsContext(defaults: defaults.file, currentDirectory: io.currentDirectory))
    let launch = try mapping.launchSettings()
    let environment = try RunEnvironment.load(hardwareConfig: launch.hardwareConfig, io: io, defaults: defaults)
    let quiet = try options.output.resolve(file: file, currentDirectory: io.currentDirectory).quiet
    return try make(mapping: mapping, files: environment.files, resolver: environment.resolver,
                    fetchLaunchModel: fetchLaunchModel, quiet: quiet, io: io)
  }

  static func make(mapping: ScenarioOptions, files: DataFiles, resolver: ModelConfigResolver,
                   fetchLaunchModel: Bool, quiet: Bool = true, io: CommandIO? = nil) throws -> Planner {
    let launch = try mapping.launchSettings()
    var fetchFailures: [String: String] = [:]
    if fetchLaunchModel, let failure = fetchIfMissing(launch, resolver: resolver, quiet: quiet, io: io) {
      fetchFailures[launch.modelKey] = failure
    }
    var scenario = ScenarioOptions.scenario(from: launch)
    // The GPU as the catalogue spells it (the picker matches names exactly): `h100` → `H100`.
    if let spec = try? files.hardware.spec(named: scenario.hardware) { scenario.hardware = spec.name }
    let catalog = PlanCatalog.make(files: files, extraModels: [scenario.model], extraWorkloads: [scenario.workload])
    let profile = try ResolvedDeployment.servingProfile(of: launch, catalog: files.servingProfiles)
    return Planner(initialScenario: scenario, catalog: catalog,
                   runner: PlanScenarioRunner(options: mapping, files: files, resolver: resolver,
                                              fetchFailures: fetchFailures,
                                              memory: try io.map { try AvailableMemory.budget(environment: $0.environment) } ?? .unknown),
                   validator: PlanScenarioValidator(options: mapping, files: files, resolver: resolver),
                   servingProfile: profile.name)
  }

  /// Fetches the model's config into `model_configs/` when it is not there yet, and returns why
  /// that failed (nil when the config is available). Failures are not fatal: the roofline column
  /// shows the reason, and blackbox may still run from its coefficients.
  static func fetchIfMissing(_ settings: RunSettings, resolver: ModelConfigResolver, quiet: Bool, io: CommandIO?) -> String? {
    let validate: (Data) throws -> Void = { _ = try ModelConfig.parse(data: $0, source: "config.json") }
    func resolve(_ r: ModelConfigResolver) -> String? {
      do {
        _ = try r.resolve(model: settings.model, hfRepo: settings.hfRepo, modelConfigFolder: settings.modelConfigFolder,
                          validate: validate)
        return nil
      } catch { return error.description }
    }
    guard resolve(resolver.offline) != nil else { return nil }
    if !quiet { io?.writeError("fetching config.json for \(settings.model) from the hub…\n") }
    return resolve(resolver)
  }
}
