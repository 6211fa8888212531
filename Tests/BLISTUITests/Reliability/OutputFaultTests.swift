import BLISSim
import Foundation
import Testing
@testable import BLISTUI
#if canImport(Glibc)
import Glibc
#endif

/// Issue 13 items 1, 8 and 9 end to end, on the real binary: outputs never clobber what is at the
/// path, write errors name the user's path, stdout failures are clean exits, and interrupted runs
/// leave no hidden temporary files.
@Suite(.serialized) struct OutputFaultTests {
  static let small = ["--model", llama8b, "--num-requests", "5", "--quiet"]

  private func fileType(_ path: String) -> mode_t {
    var info = stat()
    _ = lstat(path, &info)
    return info.st_mode & S_IFMT
  }

  private func permissions(_ path: String) -> mode_t {
    var info = stat()
    _ = stat(path, &info)
    return info.st_mode & 0o7777
  }

  @Test func requestsOutToADeviceWritesThroughIt() throws {
    let folder = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let link = folder.appendingPathComponent("null").path
    symlink("/dev/null", link)
    let result = try ChildProcess.runBLIS(["run"] + Self.small + ["--requests-out", link, "--results-path", "/dev/null"])
    #expect(result.exitCode == 0, "\(result.status): \(result.stderr)")
    #expect(fileType(link) == S_IFLNK, "the link must not be replaced by a regular file")
    #expect(fileType("/dev/null") == S_IFCHR)
    #expect(entries(of: folder) == ["null"])
  }

  @Test func aFullDiskIsOneLineNamingTheUsersPathAndExit1() throws {
    let folder = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let link = folder.appendingPathComponent("report.json").path
    symlink("/dev/full", link)
    for flag in ["--results-path", "--requests-out"] {
      let result = try ChildProcess.runBLIS(["run"] + Self.small + [flag, link])
      #expect(result.exitCode == 1, "\(flag): \(result.status)")
      #expect(result.stderr == "error: cannot write \(link): No space left on device\n", "\(flag)")
      #expect(entries(of: folder) == ["report.json"])
    }
  }

  @Test func aPrivateFileStaysPrivateAndALinkStaysALink() throws {
    let folder = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let target = folder.appendingPathComponent("report.json").path
    let link = folder.appendingPathComponent("latest.json").path
    FileManager.default.createFile(atPath: target, contents: Data("old".utf8))
    chmod(target, 0o600)
    symlink("report.json", link)
    let result = try ChildProcess.runBLIS(["run"] + Self.small + ["--results-path", link])
    #expect(result.exitCode == 0, "\(result.status): \(result.stderr)")
    #expect(fileType(link) == S_IFLNK)
    #expect(permissions(target) == 0o600)
    #expect(try String(contentsOfFile: target, encoding: .utf8).hasPrefix("{"))
    #expect(entries(of: folder) == ["latest.json", "report.json"])
  }

  @Test func sweepCSVGoesThroughASymlinkAndAFolderIsAUsageErrorLikeRun() throws {
    let folder = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let target = folder.appendingPathComponent("points.csv").path
    let link = folder.appendingPathComponent("link.csv").path
    FileManager.default.createFile(atPath: target, contents: Data())
    symlink("points.csv", link)
    let sweep = try ChildProcess.runBLIS(["sweep"] + Self.small + ["--rates", "5", "--csv", link])
    #expect(sweep.exitCode == 0, "\(sweep.status): \(sweep.stderr)")
    #expect(fileType(link) == S_IFLNK)
    #expect(try String(contentsOfFile: target, encoding: .utf8).hasPrefix("latency_model,"))
    let sweepFolder = try ChildProcess.runBLIS(["sweep"] + Self.small + ["--rates", "5", "--csv", folder.path])
    let runFolder = try ChildProcess.runBLIS(["run"] + Self.small + ["--results-path", folder.path])
    #expect(sweepFolder.exitCode == 2 && runFolder.exitCode == 2, "\(sweepFolder.status) vs \(runFolder.status)")
    #expect(sweepFolder.stderr.contains("is a folder") && runFolder.stderr.contains("is a folder"))
  }

  @Test func calibrateWriteUpdatesTheFileALinkPointsTo() throws {
    let folder = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let target = folder.appendingPathComponent("defaults.yaml").path
    let link = folder.appendingPathComponent("link-to-defaults.yaml").path
    let original = try String(contentsOf: repositoryRoot.appendingPathComponent("defaults.yaml"), encoding: .utf8)
    try original.write(toFile: target, atomically: true, encoding: .utf8)
    symlink(target, link)
    let steps = repositoryRoot.appendingPathComponent("Tests/BLISSimTests/Fixtures/h100.jsonl").path
    let result = try ChildProcess.runBLIS(["calibrate", "--steps", steps, "--model", llama8b, "--hardware", "H100",
                                           "--write", link])
    #expect(result.exitCode == 0, "\(result.status): \(result.stderr)")
    #expect(result.stdout.contains("wrote \(link)"))
    #expect(fileType(link) == S_IFLNK)
    let updated = try DefaultsFile.parse(try String(contentsOfFile: target, encoding: .utf8))
    let row = try #require(updated.coefficients(model: llama8b, gpu: "H100", tp: 1))
    #expect(row.beta.count == 3, "the linked file has the refitted reference-form row")
  }

  @Test func standardOutputFailuresAreCleanExits() throws {
    let full = try ChildProcess.runBLIS(["run"] + Self.small + ["--json"], stdout: .path("/dev/full"))
    #expect(full.exitCode == 1, "\(full.status)")
    #expect(full.stderr == "error: cannot write to standard output: No space left on device\n")
    let closed = try ChildProcess.runBLIS(["run"] + Self.small + ["--json"], stdout: .closed)
    #expect(closed.exitCode == 1, "\(closed.status)")
    #expect(closed.stderr == "error: cannot write to standard output: Bad file descriptor\n")
    let help = try ChildProcess.runBLIS(["run", "--help"], stdout: .path("/dev/full"))
    #expect(help.exitCode == 1, "\(help.status)")
    for command in [["sweep", "--rates", "5"], ["capacity", "--slo-ttft-p99-ms", "500", "--max-probe-requests", "200"]] {
      let result = try ChildProcess.runBLIS(command + Self.small, stdout: .path("/dev/full"))
      #expect(result.exitCode == 1, "\(command[0]): \(result.status)")
      #expect(result.stderr.hasSuffix("error: cannot write to standard output: No space left on device\n"), "\(command[0])")
    }
  }

  /// With SIGPIPE ignored, a reader that went away is EPIPE: exit 1 without a message (`git`,
  /// `curl`), not a trap.
  @Test func aClosedPipeWithSIGPIPEIgnoredIsAQuietExit() throws {
    var fds: [Int32] = [0, 0]
    #expect(pipe(&fds) == 0)
    close(fds[0])
    defer { close(fds[1]) }
    let result = try ChildProcess.runBLIS(["run"] + Self.small + ["--json"], stdout: .path("/proc/self/fd/\(fds[1])"),
                                          ignoreSIGPIPE: true)
    #expect(result.exitCode == 1, "\(result.status)")
    #expect(result.stderr == "")
  }

  /// SIGINT, SIGTERM and SIGHUP in the middle of a run: the hidden temporary files go with the
  /// process, and the process still dies of the signal (so shells see the interruption).
  @Test(arguments: [SIGINT, SIGTERM, SIGHUP])
  func anInterruptedRunLeavesNoTemporaryFile(signal: Int32) throws {
    let folder = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let child = try ChildProcess(try blisBinaryPath(), [
      "run", "--model", llama8b, "--num-requests", "50000000", "--rate", "1000", "--quiet",
      "--requests-out", folder.appendingPathComponent("requests.jsonl").path,
      "--results-path", folder.appendingPathComponent("report.json").path,
    ], environment: blisTestEnvironment)
    let deadline = Date().addingTimeInterval(60)
    while !entries(of: folder).contains(where: { $0.hasPrefix(".requests.jsonl.") }) && Date() < deadline { usleep(20_000) }
    #expect(entries(of: folder).contains(where: { $0.hasPrefix(".requests.jsonl.") }), "the run started writing")
    usleep(300_000)
    child.send(signal)
    let result = child.wait()
    #expect(result.signal == signal, "died of the signal, got \(result.status)")
    #expect(entries(of: folder).isEmpty, "left behind: \(entries(of: folder))")
  }
}
