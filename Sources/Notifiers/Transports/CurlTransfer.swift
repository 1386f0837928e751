import CLibcurl

/// One HTTP exchange on a libcurl easy handle: the request's options, the response as it arrives,
/// and whom to tell when it ends.
///
/// `@unchecked Sendable`: a transfer is built on the caller's thread and handed whole to the
/// ``CurlClient`` thread through the client's locked inbox; from then on only that thread touches
/// it (libcurl calls the receive callbacks on it, and it settles the result once).
final class CurlTransfer: @unchecked Sendable {
    /// What a finished exchange gives back.
    typealias Outcome = Result<WebhookTransport.Response, NotifierError>

    /// Response bodies are kept up to this size; the rest is read and dropped.
    static let bodyLimit = 1 << 20
    /// Header lines are kept up to this many bytes in all.
    static let headerLimit = 64 << 10

    let request: WebhookRequest
    let receiver: String
    let timeout: Double
    private(set) var easy: UnsafeMutableRawPointer?
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE))
    private var body: [UInt8] = []
    private var headers: [String: String] = [:]
    private var headerBytes = 0
    private var finished: (@Sendable (Outcome) -> Void)?

    /// Stands for the transfer in the client's table of running transfers.
    var id: ObjectIdentifier { ObjectIdentifier(self) }

    init(request: WebhookRequest, receiver: String, timeout: Double, finished: @escaping @Sendable (Outcome) -> Void) {
        self.request = request
        self.receiver = receiver
        self.timeout = timeout
        self.finished = finished
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        if let easy { curl_easy_cleanup(easy) }
        if let headerList { curl_slist_free_all(headerList) }
        errorBuffer.deallocate()
    }

    /// Takes an easy handle (new, or reset to its defaults) and sets every option of the request on
    /// it; a request libcurl cannot take is an error for its receiver. The handle stays the
    /// transfer's until ``detach()``.
    func prepare(on easy: UnsafeMutableRawPointer) throws(NotifierError) {
        self.easy = easy
        for (name, value) in request.headers {
            guard Self.isHeaderSafe(name), !name.isEmpty, Self.isHeaderSafe(value) else {
                throw failure(.request("header \(name) holds a line break or a NUL character"))
            }
            headerList = curl_slist_append(headerList, "\(name): \(value)")
        }
        // No "Expect: 100-continue" round trip before a body.
        headerList = curl_slist_append(headerList, "Expect:")
        // libcurl takes copies of the strings it is given.
        let milliseconds = Int(min(max(timeout * 1000, 1), 86_400_000).rounded(.up))
        var result = pdm_curl_easy_setopt_pointer(easy, CURLOPT_URL, request.url)
        func set(_ option: CURLoption, _ value: Int) {
            if result == CURLE_OK { result = pdm_curl_easy_setopt_long(easy, option, value) }
        }
        func set(_ option: CURLoption, _ value: String) {
            if result == CURLE_OK { result = pdm_curl_easy_setopt_pointer(easy, option, value) }
        }
        func set(_ option: CURLoption, pointer value: UnsafeRawPointer?) {
            if result == CURLE_OK { result = pdm_curl_easy_setopt_pointer(easy, option, value) }
        }
        set(CURLOPT_PROTOCOLS_STR, "http,https")
        set(CURLOPT_NOSIGNAL, 1)
        set(CURLOPT_TIMEOUT_MS, milliseconds)
        set(CURLOPT_CONNECTTIMEOUT_MS, milliseconds)
        set(CURLOPT_FOLLOWLOCATION, 0)
        set(CURLOPT_USERAGENT, "pdm")
        set(CURLOPT_ERRORBUFFER, pointer: errorBuffer)
        set(CURLOPT_HTTPHEADER, pointer: headerList)
        switch request.method {
        case "GET": set(CURLOPT_HTTPGET, 1)
        case "HEAD": set(CURLOPT_NOBODY, 1)
        default: break
        }
        if !request.body.isEmpty || !["GET", "HEAD", "DELETE"].contains(request.method) {
            if result == CURLE_OK {
                result = pdm_curl_easy_setopt_offset(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count))
            }
            // COPYPOSTFIELDS copies as many bytes as the size set before it, now (an empty body
            // still needs a valid pointer).
            (request.body.isEmpty ? [0] : request.body).withUnsafeBytes { bytes in
                set(CURLOPT_COPYPOSTFIELDS, pointer: bytes.baseAddress)
            }
        }
        if !["GET", "HEAD", "POST"].contains(request.method) { set(CURLOPT_CUSTOMREQUEST, request.method) }
        if result == CURLE_OK {
            result = pdm_curl_easy_set_receivers(easy, receiveBody, receiveHeader, Unmanaged.passUnretained(self).toOpaque())
        }
        guard result == CURLE_OK else { throw failure(.request(String(cString: curl_easy_strerror(result)))) }
    }

    /// Gives the easy handle back, for another transfer once it is reset (the header list and error
    /// buffer it points to live until the transfer is freed).
    func detach() -> UnsafeMutableRawPointer? {
        defer { easy = nil }
        return easy
    }

    /// Ends the transfer with libcurl's result for it.
    func complete(_ code: CURLcode) {
        guard code == CURLE_OK else {
            if code == CURLE_OPERATION_TIMEDOUT {
                finish(.failure(failure(.timeout(timeout))))
            } else {
                let detail = String(cString: errorBuffer)
                finish(.failure(failure(.connection(detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail))))
            }
            return
        }
        let status = easy.map { pdm_curl_easy_response_code($0) } ?? 0
        guard status > 0 else { return finish(.failure(failure(.connection("no response")))) }
        finish(.success(WebhookTransport.Response(status: status, body: body, headers: headers)))
    }

    /// Settles the result (once; later calls do nothing).
    func finish(_ outcome: Outcome) {
        let finished = finished
        self.finished = nil
        finished?(outcome)
    }

    func failure(_ reason: NotifierError.Reason) -> NotifierError {
        NotifierError(receiver: receiver, target: request.url, reason: reason)
    }

    fileprivate func append(body bytes: UnsafeRawBufferPointer) {
        let room = Self.bodyLimit - body.count
        if room > 0 { body += bytes.prefix(room) }
    }

    /// One header line: a status line starts the headers of a new response (after an interim
    /// 1xx one); a folded or unreadable line is skipped.
    fileprivate func append(headerLine bytes: UnsafeRawBufferPointer) {
        headerBytes += bytes.count
        guard headerBytes <= Self.headerLimit else { return }
        let line = String(decoding: bytes, as: UTF8.self)
        if line.hasPrefix("HTTP/") {
            headers = [:]
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = line[..<colon].trimmingASCIIWhitespace().lowercased()
        let value = line[line.index(after: colon)...].trimmingASCIIWhitespace()
        guard !name.isEmpty else { return }
        if let earlier = headers[name] {
            headers[name] = earlier + ", " + value
        } else {
            headers[name] = value
        }
    }

    private static func isHeaderSafe(_ text: String) -> Bool {
        !text.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0 }
    }
}

extension Substring {
    /// Without leading and trailing spaces, tabs and line ends ("\r\n" is one character).
    fileprivate func trimmingASCIIWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r\n" || $0 == "\r" || $0 == "\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}

/// libcurl's body callback: the bytes go to the transfer whose address is the context.
private let receiveBody: pdm_curl_receive_fn = { bytes, size, count, context in
    receive(bytes, size, count, context) { $0.append(body: $1) }
}

/// libcurl's header callback: one whole header line at a time.
private let receiveHeader: pdm_curl_receive_fn = { bytes, size, count, context in
    receive(bytes, size, count, context) { $0.append(headerLine: $1) }
}

/// Hands `size × count` bytes to the transfer at `context`; 0 (which stops the transfer) when
/// they cannot be taken.
private func receive(_ bytes: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?,
                     _ take: (CurlTransfer, UnsafeRawBufferPointer) -> Void) -> Int {
    let (length, overflow) = size.multipliedReportingOverflow(by: count)
    guard let bytes, let context, !overflow else { return 0 }
    take(Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue(), UnsafeRawBufferPointer(start: bytes, count: length))
    return length
}
