import ArgumentParser
import Foundation
import Tensors

/// Runs a command body, turning user-input errors into one line on stderr and exit status 2, and any other
/// error into one line and exit status 1.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as UserInputError {
        printError(error.description)
        throw ExitCode(2)
    } catch let error as ExitCode {
        throw error
    } catch let error as ValidationError {
        throw error
    } catch {
        printError("\(error)")
        throw ExitCode(1)
    }
}

/// Writes `latent: message` on stderr.
func printError(_ message: String) {
    FileHandle.standardError.write(Data("latent: \(message)\n".utf8))
}

/// Writes a message line on stderr (progress, notes): stdout stays machine-readable.
func printNote(_ message: String) {
    FileHandle.standardError.write(Data("\(message)\n".utf8))
}

/// Writes text to stdout without a trailing newline being added.
func writeStdout(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}

/// Writes raw bytes to stdout.
func writeStdout(_ data: Data) {
    FileHandle.standardOutput.write(data)
}
