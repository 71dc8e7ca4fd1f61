/// An error caused by what the user gave the program (a file, a flag, a field): the command line prints its
/// description as one line and exits with status 2.
///
/// Every module's user-facing error types conform; anything else is treated as a runtime failure (status 1).
public protocol UserInputError: Error, CustomStringConvertible {}

extension TensorIOError: UserInputError {}
extension TensorError: UserInputError {}
