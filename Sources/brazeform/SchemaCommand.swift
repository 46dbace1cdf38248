import ArgumentParser
import BrazeCore
import Engine
import Foundation
import Manifest

/// `brazeform schema [NAME] [--out DIR]`: the JSON Schemas built into the binary, for editors.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print or write the JSON Schemas of brazeform.yaml and the manifests (for editors).",
        discussion: """
        The schemas come from the loader's own field tables, so they describe exactly what this brazeform accepts. \
        With --out DIR every schema file is written into DIR (created when missing; existing schema files are \
        replaced): brazeform.schema.json for the project file, manifest.schema.json for any manifest document, and \
        one per kind (content_block.schema.json, …). Without --out one schema is printed on standard output: NAME \
        (brazeform, manifest or a kind; default manifest).

        `brazeform init` writes them into schema/ of the new project; run `brazeform schema --out schema` there \
        after upgrading brazeform.

        Examples:
          brazeform schema --out schema
          brazeform schema content_block > content_block.schema.json
        """)

    @Argument(help: ArgumentHelp("The schema to print: brazeform, manifest, or a kind (content_block, …). Default: manifest.", valueName: "NAME"))
    var name: String?

    @Option(help: ArgumentHelp("Write every schema file into DIR instead of printing one.", valueName: "DIR"))
    var out: String?

    static var names: [String] { EditorSupport.schemaFiles.map { String($0.name.dropLast(".schema.json".count)) } }

    func validate() throws {
        if let name, out != nil {
            throw ValidationError("--out writes every schema; leave out '\(name)', or print that one without --out")
        }
        if let name, !Self.names.contains(name) {
            throw ValidationError("unknown schema '\(name)'\(Suggestions.didYouMean(name, in: Self.names)); choose one of \(Self.names.joined(separator: ", "))")
        }
    }

    func run() throws {
        guard let out else {
            let file = "\(name ?? "manifest").schema.json"
            guard let text = EditorSupport.schemaFiles.first(where: { $0.name == file })?.text else { throw ExitStatus.failed.exit }
            print(text, terminator: "")
            return
        }
        let folder = URL(fileURLWithPath: absolutePath(out))
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw ExitStatus.fail(.failed, "brazeform: cannot create \(out): \(Self.reason(error)); no schema was written")
        }
        var written: [String] = []
        for (name, text) in EditorSupport.schemaFiles {
            let path = (out as NSString).appendingPathComponent(name)
            do {
                try Data(text.utf8).write(to: folder.appendingPathComponent(name), options: .atomic)
            } catch {
                let done = written.isEmpty ? "no schema was written" : "\(written.count) of \(EditorSupport.schemaFiles.count) were written"
                throw ExitStatus.fail(.failed, "brazeform: cannot write \(path): \(Self.reason(error)); \(done)")
            }
            written.append(path)
            print("Wrote \(path)")
        }
    }

    /// The operating system's words for a file error ("Permission denied"), not Foundation's wrapper.
    static func reason(_ error: any Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
           let code = POSIXErrorCode(rawValue: Int32(underlying.code)) {
            return String(cString: strerror(code.rawValue))
        }
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        return ns.localizedDescription
    }
}
