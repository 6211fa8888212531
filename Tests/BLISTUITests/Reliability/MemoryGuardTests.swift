import BLISSim
import Foundation
import Testing
@testable import BLISTUI

/// The memory guard: a run whose estimate does not fit the memory available
/// (`BLIS_MEMORY_LIMIT_MIB` here, so nothing depends on the machine) is refused before it
/// starts, with one line naming the flags that drive it, and exit 2.
@Suite struct MemoryGuardTests {
  private static let overloaded = ["--model", llama8b, "--latency-model", "roofline", "--hardware", "H100", "--tp", "1",
                                   "--num-instances", "4", "--num-requests", "1000000000", "--rate", "400"]

  private func limit(_ mib: String) -> [String: String] {
    ["HF_ENDPOINT": "http://127.0.0.1:9", AvailableMemory.variable: mib]
  }

  /// Exit 2 and exactly one `error:` line on stderr.
  private func expectRefused(_ r: CLIResult, startingWith prefix: String) {
    #expect(r.code == 2, "\(r.stderr)")
    #expect(r.stderr.hasPrefix("error: " + prefix), "\(r.stderr)")
    #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
    #expect(r.stdout.isEmpty)
  }

  @Test func anOverloadedHugeRunIsRefusedUnderASmallLimit() {
    let r = runBLIS(["run"] + Self.overloaded, environment: limit("2048"))
    expectRefused(r, startingWith: "--num-requests 1000000000 at --rate 400 would queue ~")
    #expect(r.stderr.contains(" requests (~") && r.stderr.contains("GiB) on TP1×4, more than the 2.0 GiB available: lower --num-requests (≤ ~"))
    #expect(r.stderr.hasSuffix("or --rate, or add instances\n"), "\(r.stderr)")
    expectRefused(runBLIS(["compare"] + Self.overloaded, environment: limit("2048")), startingWith: "--num-requests 1000000000")
  }

  /// The same run is accepted under a large limit (checked, not run: the run would take hours).
  @Test func theSameRunIsAcceptedUnderALargeLimit() throws {
    func checked(_ mib: String) throws -> RunPlan {
      let command = try #require(try BLISCommand.parseAsRoot(["run"] + Self.overloaded) as? RunCommand)
      let io = CommandIO(writeOutput: { _ in }, writeError: { _ in }, environment: limit(mib), dataDirectory: repositoryRoot,
                         currentDirectory: repositoryRoot, makeProgressBar: { _ in ProgressBar(isEnabled: false) { _ in } },
                         nowSeconds: { 0 })
      return try PreparedRun.prepare(command.options, io: io).checkedPlan()
    }
    #expect(try checked("100000000").settings.workload.numRequests == 1_000_000_000)
    #expect(throws: MemoryShortfall.self) { try checked("2048") }
  }

  @Test func benchAndCapacityCheckTheirRunsBeforeAnyRuns() {
    expectRefused(runBLIS(["bench", "--requests", "100000000", "--rate", "1000"], environment: limit("256")),
                  startingWith: "--requests 100000000 at --rate 1000 would queue ~")
    let capacity = runBLIS(["capacity", "--model", llama8b, "--latency-model", "roofline", "--hardware", "H100", "--tp", "1",
                            "--num-instances", "4096", "--slo-ttft-p99-ms", "500", "--quiet"], environment: limit("256"))
    #expect(capacity.code == 2 && capacity.stderr.contains("more than the 256 MiB available"), "\(capacity.stderr)")
    let sweep = runBLIS(["sweep", "--model", llama8b, "--hardware", "H100", "--roofline", "--tp-list", "1", "--rates", "100000",
                         "--num-requests", "1000000000", "--quiet"], environment: limit("2048"))
    expectRefused(sweep, startingWith: "--num-requests 1000000000 at ")
  }

  @Test func aBadLimitIsAUsageError() {
    let r = runBLIS(["run"] + Self.overloaded, environment: limit("lots"))
    expectRefused(r, startingWith: "BLIS_MEMORY_LIMIT_MIB 'lots' is invalid: expected MiB")
  }

  @Test func memAvailableIsReadFromMeminfoAndAnUnreadableFileSkipsTheCheck() throws {
    let meminfo = "MemTotal:       24684000 kB\nMemFree:        1000 kB\nMemAvailable:   2048 kB\n"
    #expect(AvailableMemory.memAvailableBytes(meminfo) == 2048.0 * 1024)
    #expect(try AvailableMemory.budget(environment: [:], meminfo: { meminfo }).availableBytes == 2048 * 1024)
    #expect(try AvailableMemory.budget(environment: [:], meminfo: { nil }) == .unknown)
    #expect(try AvailableMemory.budget(environment: [AvailableMemory.variable: "off"], meminfo: { meminfo }) == .unknown)
  }
}
