import YAML

/// A string value of a manifest: its text and where that text came from.
public struct SourcedText: Sendable, Hashable {
    public enum Origin: Sendable, Hashable {
        /// Written in the manifest at this place.
        case inline(SourceLocation)
        /// Read from a file (`{file: ...}` written at `reference`); `path` is the file as shown to users.
        case file(path: String, reference: SourceLocation)
    }

    public var text: String
    public var origin: Origin

    public init(_ text: String, origin: Origin) {
        self.text = text
        self.origin = origin
    }

    /// Where the value was written in the manifest (the `{file:}` for included text).
    public var location: SourceLocation {
        switch origin {
        case .inline(let l): l
        case .file(_, let reference): reference
        }
    }

    /// The location of a character offset inside the text: in the included file
    /// for file text, approximately in the manifest for inline text.
    public func location(ofOffset offset: String.Index) -> SourceLocation {
        switch origin {
        case .inline(let l):
            return l
        case .file(let path, _):
            var line = 1, column = 1
            for ch in text[..<offset] {
                if ch == "\n" || ch == "\r\n" { line += 1; column = 1 } else { column += 1 }
            }
            return SourceLocation(file: path, line: line, column: column)
        }
    }
}
