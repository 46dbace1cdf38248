import Foundation
import Manifest

/// What `brazeform init` writes besides the project file (`ProjectFileWriter`):
/// an example manifest and its HTML, and the `.gitignore` entry for the sandbox's state.
public enum ProjectScaffold {
    public static let ignoreEntry = ".brazeform/"

    /// Every file init writes besides the project file, relative to the project folder:
    /// the example, then the editor support (the schemas and the VS Code mapping).
    public static var files: [(path: String, text: String)] { exampleFiles + EditorSupport.projectFiles() }

    /// The example manifest and its content, relative to the project folder.
    public static let exampleFiles: [(path: String, text: String)] = [
        ("braze/content_block/example_footer.yaml", """
            # yaml-language-server: $schema=../../schema/content_block.schema.json
            # An example content block. Include it in an email template or another block with
            # {{content_blocks.${example_footer}}}; `brazeform graph` draws such references.
            kind: content_block
            name: example_footer
            description: Footer shown at the bottom of every email
            content: {file: example_footer.html}   # the file's text, byte for byte
            tags: []                                # tags must already exist in Braze

            """),
        ("braze/content_block/example_footer.html", """
            <footer style="font-size: 12px; color: #666666;">
              <img src="((var.cdn))/logo.png" alt="" width="120">
              <p>You receive this email because you signed up, {{${first_name} | default: 'friend'}}.</p>
            </footer>

            """),
    ]

    /// The `.gitignore` text with the sandbox's state ignored; nil when it already is.
    public static func gitignore(existing: String?) -> String? {
        guard let existing, !existing.isEmpty else { return ignoreEntry + "\n" }
        let entries = existing.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        if entries.contains(where: { [".brazeform", ".brazeform/", "/.brazeform", "/.brazeform/", ".brazeform/*", ".brazeform/**"].contains($0) }) {
            return nil
        }
        let separator = existing.last?.isNewline == true ? "" : "\n"
        return existing + separator + ignoreEntry + "\n"
    }
}
