import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `HTTPFetching` over Foundation's `URLSession` (libcurl on Linux): an ephemeral session
/// per request (no cookies, no cache), a delegate that enforces the body limit as bytes arrive
/// and the redirect policy, and a blocking wait bounded by the timeout.
public struct URLSessionFetcher: HTTPFetching {
  public init() {}

  public func get(_ url: URL, headers: [String: String], timeoutSeconds: Double, maxBodyBytes: Int,
                  allowedRedirectHosts: [String]) throws(HTTPFetchError) -> HTTPResponse {
    let delegate = FetchDelegate(maxBodyBytes: maxBodyBytes, originalHost: url.host ?? "",
                                 allowedRedirectHosts: allowedRedirectHosts)
    let configuration = URLSessionConfiguration.ephemeral
    configuration.timeoutIntervalForRequest = timeoutSeconds
    configuration.timeoutIntervalForResource = timeoutSeconds
    configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
    configuration.urlCache = nil
    configuration.httpCookieStorage = nil
    let queue = OperationQueue()
    queue.maxConcurrentOperationCount = 1
    let session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: queue)
    var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeoutSeconds)
    for (field, value) in headers { request.setValue(value, forHTTPHeaderField: field) }
    let task = session.dataTask(with: request)
    task.resume()
    // URLSession enforces the timeout itself; this outer bound only guards against a stuck task.
    if delegate.finished.wait(timeout: .now() + timeoutSeconds + 5) == .timedOut {
      task.cancel()
      session.invalidateAndCancel()
      throw .unreachable(reason: "no response within \(Self.format(timeoutSeconds)) s")
    }
    session.finishTasksAndInvalidate()
    return try delegate.outcome(timeoutSeconds: timeoutSeconds)
  }

  static func format(_ seconds: Double) -> String {
    seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
  }
}

/// Collects one transfer. Callbacks arrive on the session's serial delegate queue; the state is
/// also guarded by a lock because `outcome` is read from the waiting thread.
private final class FetchDelegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
  let finished = DispatchSemaphore(value: 0)
  private let lock = NSLock()
  private let maxBodyBytes: Int
  private let originalHost: String
  private let allowedRedirectHosts: [String]
  private var statusCode: Int?
  private var body = Data()
  private var failure: HTTPFetchError?
  private var transportError: URLError?
  private var redirectCount = 0

  init(maxBodyBytes: Int, originalHost: String, allowedRedirectHosts: [String]) {
    self.maxBodyBytes = maxBodyBytes
    self.originalHost = originalHost.lowercased()
    self.allowedRedirectHosts = allowedRedirectHosts.map { $0.lowercased() }
  }

  func outcome(timeoutSeconds: Double) throws(HTTPFetchError) -> HTTPResponse {
    lock.lock(); defer { lock.unlock() }
    if let failure { throw failure }
    if let transportError {
      let reason = transportError.code == .timedOut
        ? "no response within \(URLSessionFetcher.format(timeoutSeconds)) s"
        : Self.describe(transportError)
      throw .unreachable(reason: reason)
    }
    guard let statusCode else { throw .unreachable(reason: "no HTTP response") }
    return HTTPResponse(statusCode: statusCode, body: body)
  }

  func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                  completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void) {
    lock.lock()
    statusCode = (response as? HTTPURLResponse)?.statusCode
    let tooLarge = response.expectedContentLength > Int64(maxBodyBytes)
    if tooLarge { failure = .bodyTooLarge(limitBytes: maxBodyBytes) }
    lock.unlock()
    completionHandler(tooLarge ? .cancel : .allow)
  }

  func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
    lock.lock()
    body.append(data)
    let tooLarge = body.count > maxBodyBytes
    if tooLarge {
      failure = .bodyTooLarge(limitBytes: maxBodyBytes)
      body = Data()
    }
    lock.unlock()
    if tooLarge { dataTask.cancel() }
  }

  func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                  newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
    lock.lock()
    redirectCount += 1
    let host = request.url?.host?.lowercased() ?? ""
    var next: URLRequest? = request
    if redirectCount > 3 {
      failure = .redirectRefused(reason: "more than 3 redirects")
      next = nil
    } else if !isAllowed(host) {
      failure = .redirectRefused(reason: "redirect to host '\(host)' is not allowed")
      next = nil
    } else if host != originalHost {
      next?.setValue(nil, forHTTPHeaderField: "Authorization")
    }
    lock.unlock()
    completionHandler(next)
  }

  func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
    lock.lock()
    if let error, failure == nil {
      transportError = (error as? URLError) ?? URLError(.unknown)
    }
    lock.unlock()
    finished.signal()
  }

  private func isAllowed(_ host: String) -> Bool {
    if host == originalHost { return true }
    return allowedRedirectHosts.contains { allowed in
      allowed.hasPrefix(".") ? (host.hasSuffix(allowed) || host == String(allowed.dropFirst())) : host == allowed
    }
  }

  private static func describe(_ error: URLError) -> String {
    switch error.code {
    case .cannotConnectToHost: return "connection refused"
    case .cannotFindHost, .dnsLookupFailed: return "host not found"
    case .notConnectedToInternet: return "not connected to the internet"
    case .networkConnectionLost: return "connection lost"
    case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
         .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot:
      return "TLS handshake failed"
    default: return "network error \(error.code.rawValue)"
    }
  }
}
