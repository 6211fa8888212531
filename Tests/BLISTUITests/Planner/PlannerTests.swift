import BLISSim
import Foundation
import Testing
@testable import BLISTUI

@Suite struct PlannerLaunchTests {
  private func launchScenario(_ arguments: [String]) throws -> Scenario {
    let command = try TUICommand.parse(arguments)
    return ScenarioOptions.scenario(from: try TestPlanner.mapping(command.options.settingsLayer).launchSettings())
  }

  @Test func noFlagsStartsWithTheDefaultModelOnItsDefaultDeployment() throws {
    let scenario = try TestPlanner.planner().initialScenario
    let row = try #require(TestPlanner.files.defaults.defaultsFor(model: ScenarioOptions.plannerModel))
    #expect(scenario.model == ScenarioOptions.plannerModel)
    #expect(scenario.hardware == row.gpu && scenario.split.tensorParallelism == row.tensorParallelism)
    #expect(scenario.split.instances == 4 && scenario.rateRequestsPerSecond == 40 && scenario.minimumRequests == 1_000)
    #expect(scenario.arrivalSeconds == 60 && scenario.runRequests == 2_400)        // ≥ 60 s of arrivals, like a probe
    #expect(scenario.workload == "chatbot" && scenario.routingPolicy == "round-robin" && scenario.seed == 42)
  }

  @Test func runFlagsPresetTheScenario() throws {
    let scenario = try launchScenario(["--model", "Qwen/Qwen2.5-7B-Instruct", "--tp", "1", "--num-instances", "3",
                                       "--rate", "12.5", "--workload", "summarization", "--seed", "7",
                                       "--routing-policy", "least-loaded"])
    #expect(scenario.model == "qwen/qwen2.5-7b-instruct")
    #expect(scenario.hardware == "H100")                                  // from the model's defaults.yaml row
    #expect(scenario.split == GPUSplit(tensorParallelism: 1, instances: 3))
    #expect(scenario.rateRequestsPerSecond == 12.5 && scenario.workload == "summarization")
    #expect(scenario.seed == 7 && scenario.routingPolicy == "least-outstanding")   // the canonical name of the alias
  }

  @Test func theGPUIsSpelledAsTheCatalogueSpellsIt() throws {
    let planner = try TestPlanner.planner(try TUICommand.parse(["--hardware", "h100"]).options.settingsLayer)
    #expect(planner.initialScenario.hardware == "H100" && planner.catalog.hardware.contains("H100"))
  }

  @Test func tokenFlagsKeepTheirOwnWorkloadUntilAPresetIsPicked() throws {
    let command = try TUICommand.parse(["--prompt-tokens", "900", "--prompt-tokens-max", "2000"])
    let mapping = TestPlanner.mapping(command.options.settingsLayer)
    var scenario = ScenarioOptions.scenario(from: try mapping.launchSettings())
    #expect(scenario.workload == ScenarioOptions.distributionWorkload)
    #expect(try mapping.settings(for: scenario).workload.promptTokens.meanTokens == 900)
    scenario.workload = "chatbot"           // a preset replaces the token flags instead of conflicting with them
    #expect(try mapping.settings(for: scenario).workload.preset == .chatbot)
  }

  @Test func badLaunchValuesAreOneLineErrorsNamingTheFlag() throws {
    let command = try TUICommand.parse(["--rate", "0"])
    #expect {
      _ = try TestPlanner.mapping(command.options.settingsLayer).launchSettings()
    } throws: { error in
      let text = "\(error)"
      return text.contains("--rate") && text.contains("'0'") && !text.contains("\n")
    }
    #expect(throws: (any Error).self) { try TUICommand.parse(["--view", "graphs"]) }
  }

  @Test func aScenarioOverridesTheLaunchSettingsAndPicksUpTheNewModelsRow() throws {
    let command = try TUICommand.parse(["--max-num-seqs", "64", "--tp", "1"])
    let mapping = TestPlanner.mapping(command.options.settingsLayer)
    var scenario = ScenarioOptions.scenario(from: try mapping.launchSettings())
    scenario.model = "meta-llama/llama-3.3-70b-instruct"
    scenario.split = GPUSplit(tensorParallelism: 8, instances: 1)
    let settings = try mapping.settings(for: scenario)
    #expect(settings.tensorParallelism == 8 && settings.engine.instances == 1)
    #expect(settings.engine.maxNumSeqs == 64)                              // a launch setting the planner does not show
    #expect(settings.hfRepo == TestPlanner.files.defaults.defaultsFor(model: scenario.model)?.hfRepo)
  }
}

@Suite struct PlannerCatalogTests {
  @Test func modelsAreTheLocalConfigsUnderTheirCanonicalIDs() throws {
    let catalog = TestPlanner.catalog
    #expect(catalog.models.count == TestPlanner.files.bundledModels.count)
    #expect(Set(catalog.models).count == catalog.models.count)
    #expect(catalog.models.contains("meta-llama/llama-3.1-8b-instruct"))     // defaults.yaml key for llama-3.1-8b-instruct/
    #expect(catalog.models.contains("qwen/qwen3-14b"))
    #expect(catalog.models.contains("llama-3.1-70b-instruct"))              // no defaults.yaml entry: the folder name
    let offline = TestPlanner.resolver.offline
    for model in catalog.models {
      #expect((try? offline.resolve(model: model, validate: { _ in })) != nil, "\(model) has no local config")
    }
    #expect(catalog.hardware == TestPlanner.files.hardware.specs.map(\.name) && catalog.hardware.contains("H100"))
    #expect(catalog.workloads == WorkloadPreset.allCases.map(\.rawValue))
    #expect(catalog.routingPolicies == RoutingPolicy.names)
  }

  @Test func theLaunchModelAndWorkloadAreOfferedEvenWhenNotBundled() {
    let catalog = PlanCatalog.make(files: TestPlanner.files, extraModels: ["IBM-Granite/Granite-3.1-8B-Instruct"],
                                   extraWorkloads: ["distribution", "chatbot"])
    #expect(catalog.models.contains("ibm-granite/granite-3.1-8b-instruct"))
    #expect(catalog.workloads.filter { $0 == "chatbot" }.count == 1 && catalog.workloads.last == "distribution")
  }
}

@Suite struct PlannerValidationTests {
  private let validator = TestPlanner.validator
  private let base = Fixture.scenario

  @Test func aValidScenarioHasNoProblems() {
    #expect(validator.check(base).problems.isEmpty)
    #expect(validator.check(base.withSplit(GPUSplit(tensorParallelism: 8, instances: 1))).problems.isEmpty)
  }

  @Test func implausibleBlackboxRowsAreCaveatsNotProblems() {
    // The reference's Llama-3.1-8B H100 TP4 row predicts a ~47 µs decode step; the calibrated TP1 row is physical.
    let tp4 = base.withSplit(GPUSplit(tensorParallelism: 4, instances: 2))
    #expect(validator.check(tp4).problems.isEmpty)
    #expect((validator.check(tp4).flags[.blackbox] ?? []).first?.contains("looks unphysical") == true)
    #expect((validator.check(base.withSplit(GPUSplit(tensorParallelism: 1, instances: 8))).flags[.blackbox] ?? []).isEmpty)
  }

  @Test func tensorParallelismMustDivideTheHeads() {
    let problems = validator.check(base.withSplit(GPUSplit(tensorParallelism: 3, instances: 4))).problems
    #expect(problems.count == 1)
    #expect(problems.first?.hasPrefix("--tp '3' is invalid") == true && problems.first?.contains("1, 2, 4, 8") == true)
  }

  @Test func aModelThatDoesNotFitNamesTheSmallestTPThatDoes() {
    var scenario = base.withSplit(GPUSplit(tensorParallelism: 1, instances: 8))
    scenario.model = "meta-llama/llama-3.3-70b-instruct"
    let problem = validator.check(scenario).problems.first ?? ""
    #expect(problem.hasPrefix("does not fit on H100 at TP 1: needs ") && problem.hasSuffix("smallest TP that fits: 2"))
    // The cached answer is the same answer.
    #expect(validator.check(scenario).problems == [problem])
  }

  @Test func badValuesAndNamesAreProblemsNotCrashes() {
    var scenario = base
    scenario.hardware = "H1OO"
    #expect(validator.check(scenario).problems.first?.contains("H100") == true)    // lists the known GPUs
    scenario = base
    scenario.rateRequestsPerSecond = 0
    #expect(validator.check(scenario).problems.first?.contains("--rate") == true)
    scenario = base
    scenario.routingPolicy = "fastest"
    #expect(validator.check(scenario).problems.first?.contains("--routing-policy") == true)
  }

  @Test func aModelWithoutALocalConfigIsLeftToTheColumns() throws {
    // granite has blackbox coefficients on H100 but no bundled config.json.
    var scenario = base.withSplit(GPUSplit(tensorParallelism: 1, instances: 1))
    scenario.model = "ibm-granite/granite-3.1-8b-instruct"
    try #require(!TestPlanner.files.bundledModels.contains("granite-3.1-8b-instruct"))
    #expect(validator.check(scenario).problems.isEmpty)
    let runner = TestPlanner.runner
    guard case .failure(let unavailable) = runner.makeRun(scenario, latency: .roofline) else {
      Issue.record("roofline needs a config"); return
    }
    #expect(unavailable.reason.contains("no local config.json for ibm-granite/granite-3.1-8b-instruct"))
    #expect((try? runner.makeRun(scenario, latency: .blackbox).get()) != nil)
  }
}

@Suite struct PlanRunnerTests {
  @Test func bothModelsRunTheScenarioToCompletionDeterministically() throws {
    var scenario = Fixture.scenario
    scenario.minimumRequests = 120
    scenario.arrivalSeconds = 1
    for kind in LatencyModelChoice.allCases {
      func report() throws -> RunReport {
        var run = try TestPlanner.runner.makeRun(scenario, latency: kind).get()
        while !run.run(maxEvents: .max) {}
        return run.snapshot().report
      }
      let a = try report(), b = try report()
      #expect(a.cluster.completedRequests == 120, "\(kind)")
      #expect(a == b, "\(kind) is not deterministic")
    }
  }

  @Test func theScenarioReachesTheEngine() throws {
    var scenario = Fixture.scenario
    scenario.minimumRequests = 50
    scenario.arrivalSeconds = 0.1
    scenario.seed = 9
    let plan = try TestPlanner.runner.plan(scenario, latency: .roofline).get()
    #expect(plan.engine.instances == 4 && plan.engine.seed == 9)
    #expect(plan.settings.tensorParallelism == 2 && plan.settings.workload.rateRequestsPerSecond == 100)
    #expect(plan.settings.workload.preset == .chatbot && plan.settings.workload.numRequests == scenario.runRequests)
  }

  @Test func blackboxWithoutCoefficientsExplainsWithTheLibrarysMessage() {
    let scenario = Fixture.scenario.withSplit(GPUSplit(tensorParallelism: 8, instances: 1))
    guard case .failure(let unavailable) = TestPlanner.runner.makeRun(scenario, latency: .blackbox) else {
      Issue.record("expected no coefficients at TP8"); return
    }
    #expect(unavailable.reason.hasPrefix("blackbox: no coefficients for model=meta-llama/llama-3.1-8b-instruct GPU=H100 TP=8"))
    #expect(unavailable.reason.contains("blis calibrate"))
  }
}

@Suite struct PlannerFetchTests {
  @Test func aLaunchModelThatCannotBeFetchedExplainsWhyInTheRooflineColumn() throws {
    // The test hub (127.0.0.1:9) refuses connections: the launch fetch fails without a network.
    let flags = try TUICommand.parse(["--model", "example-org/not-bundled-7b"]).options.settingsLayer
    let planner = try Planner.make(mapping: TestPlanner.mapping(flags), files: TestPlanner.files,
                                   resolver: TestPlanner.resolver, fetchLaunchModel: true)
    #expect(planner.catalog.models.contains("example-org/not-bundled-7b"))
    guard case .failure(let unavailable) = planner.runner.makeRun(planner.initialScenario, latency: .roofline) else {
      Issue.record("roofline cannot run without a config"); return
    }
    #expect(unavailable.reason.hasPrefix("no config.json for example-org/not-bundled-7b: could not reach http://127.0.0.1:9"))
  }
}

@Suite struct TUIHelpTests {
  @Test func flagsThePlannerIgnoresAreNamedInOneWarning() throws {
    let command = try TUICommand.parse(["--json", "--latency-model", "roofline", "--results-path", "r.json", "--rate", "5"])
    let warning = try #require(TUICommand.ignoredSettingsWarning(flags: command.options, file: nil))
    #expect(warning.hasPrefix("warning: blis tui ignores --latency-model, --results-path, --json"))
    #expect(!warning.contains("--rate") && !warning.contains("\n"))
    let file = try SettingsFile.parse("requests_out: r.jsonl\nroofline: true\n", path: "t.yaml",
                                      additionalKeys: OutputOptions.configFileKeys)
    let fromFile = TUICommand.ignoredSettingsWarning(flags: try TUICommand.parse([]).options, file: file)
    #expect(fromFile?.contains("--requests-out") == true && fromFile?.contains("--roofline") == true)
    #expect(TUICommand.ignoredSettingsWarning(flags: try TUICommand.parse(["--rate", "5", "--quiet"]).options, file: nil) == nil)
  }

  @Test func theHelpStatesThePlannersDefaultsNotOnlyBlisRuns() {
    let help = TUICommand.helpMessage(columns: 400)
    #expect(!help.contains("(required)"))
    for (name, value) in PlannerSettingDefaults.defaults.inputs {
      #expect(help.contains("(default: \(value))"), "--\(name)'s planner default \(value) is not shown")
    }
    #expect(help.contains("--max-probe-requests \(CapacitySearchSettings.planner.maximumRequests ?? 0)"))
  }
}
