import Foundation
import Testing
@testable import BLISSim

@Suite struct ServingProfileCatalogTests {
  private static func shipped() throws -> ServingProfileCatalog {
    try ServingProfileCatalog.load(directory: TestData.repoRoot)
  }

  @Test func theShippedFileHasTheThreeVLLMGenerationsWithSources() throws {
    let catalog = try Self.shipped()
    #expect(catalog.defaultName == "vllm-0.14")
    for name in ["vllm-0.14", "vllm-v1-sync", "vllm-0.6"] {
      let p = try catalog.profile(named: name)
      #expect(!p.source.isEmpty && !p.summary.isEmpty, "\(name) needs a source and a summary")
    }
    #expect(try catalog.profile(named: "vllm-0.14").engineLoop.mode == .async)
    #expect(try catalog.profile(named: "vllm-v1-sync").engineLoop.mode == .sync)
    let v0 = try catalog.profile(named: "VLLM-0.6")  // names are case-insensitive
    #expect(v0.engineDefaults.chunkedPrefill == false && v0.engineLoop.unchunkedPrefill == .prefillOnlySteps)
  }

  @Test func versionsPickTheirProfile() throws {
    let catalog = try Self.shipped()
    #expect(try catalog.profile(forVersion: "0.15.1").name == "vllm-0.14")
    #expect(try catalog.profile(forVersion: "vllm/vllm-openai:v0.8.4").name == "vllm-v1-sync")
    #expect(try catalog.profile(forVersion: "v0.13.0").name == "vllm-v1-sync")
    #expect(try catalog.profile(forVersion: "0.6.0").name == "vllm-0.6")
    #expect(throws: ServingProfileError.self) { try catalog.profile(forVersion: "0.4.2") }
    #expect(throws: ServingProfileError.self) { try catalog.profile(forVersion: "latest") }
  }

  @Test func largeGPUsGetVLLMsLargerDefaults() throws {
    let d = try Self.shipped().profile(named: "vllm-0.14").engineDefaults
    let hw = try TestData.catalog()
    #expect(d.maxNumSeqs(on: try hw.spec(named: "H100")) == 1024)
    #expect(d.maxNumBatchedTokens(on: try hw.spec(named: "H100"), chunkedPrefill: true, maxModelLen: nil) == 8192)
    #expect(d.maxNumSeqs(on: try hw.spec(named: "A100-SXM")) == 256)  // A100s are excluded
    #expect(d.maxNumSeqs(on: try hw.spec(named: "L40S")) == 256)      // < 70 GiB
    #expect(d.maxNumBatchedTokens(on: try hw.spec(named: "H100"), chunkedPrefill: false, maxModelLen: 32_768) == 32_768)
  }

  @Test func badFilesGiveOneLineErrorsNamingTheField() {
    let cases: [(String, String)] = [
      ("profiles:\n  p:\n    host_cpu: {step_us: -1}\n", "profiles.p.host_cpu.step_us = -1"),
      ("profiles:\n  p:\n    host_cpu: {stepus: 1}\n", "profiles.p.host_cpu.stepus"),
      ("profiles:\n  p:\n    engine_loop: {mode: turbo}\n", "sync, async"),
      ("profiles:\n  p:\n    engine_loop: {mode: async, multi_step: 4}\n", "multi_step"),
      ("profiles:\n  p:\n    vllm_versions: {from: \"0.9\", before: \"0.8\"}\n", "from < before"),
      ("default: q\nprofiles:\n  p: {}\n", "default = q"),
      ("profiles: {}\n", "no `profiles:`"),
      ("profiles:\n  p:\n    host_cpu: {step_us: 1, step_us: 2}\n", "given twice"),
      ("[", "not valid YAML"),
    ]
    for (text, needle) in cases {
      #expect {
        _ = try ServingProfileCatalog.parse(text, source: "sp.yaml")
      } throws: { error in
        let message = "\(error)"
        return message.contains(needle) && message.hasPrefix("sp.yaml") && !message.contains("\n")
      }
    }
  }

  @Test func omittedFieldsTakeTheComponentDefaults() throws {
    let c = try ServingProfileCatalog.parse("profiles:\n  mine:\n    host_cpu: {step_us: 123}\n", source: "x")
    let p = try c.profile(named: "mine")
    #expect(p.hostCPU.stepMicros == 123)
    #expect(p.hostCPU.perRunningRequestMicros == HostCPUComponent().perRunningRequestMicros)
    #expect(p.frontEnd == FrontEndComponent())
  }

  @Test func versionsParseFromWhateverUsersWrite() {
    #expect(VLLMVersion(parsing: "vllm/vllm-openai:v0.8.4") == VLLMVersion(major: 0, minor: 8, patch: 4))
    #expect(VLLMVersion(parsing: "0.15") == VLLMVersion(major: 0, minor: 15))
    #expect(VLLMVersion(parsing: "v0.10.1.1") == VLLMVersion(major: 0, minor: 10, patch: 1))
    #expect(VLLMVersion(parsing: "7") == nil)
    #expect(VLLMVersion(parsing: "") == nil)
  }
}
