import Foundation
import ArgumentParser

/// Writes a line to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// What `body` returns; when it throws, the error goes to standard error and the command exits
/// with status 2 (unreadable or invalid input).
func inputOrExit<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch {
        printError("\(error)")
        throw ExitCode(2)
    }
}
