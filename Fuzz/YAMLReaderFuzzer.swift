// libFuzzer entry point for the YAML reader: any input must give documents or a
// positioned YAMLError, never a crash, a hang or a sanitizer report.
// Built and run by scripts/fuzz-yaml.sh (not part of the package build).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzYAMLReader(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: start, count: count))
    let reader = YAMLReader(maximumDepth: 128, maximumExpandedNodes: 200_000)
    do {
        let documents = try reader.read(bytes: bytes, file: "fuzz.yaml")
        // Walk everything, as the manifest decoder would.
        var stack = documents.compactMap(\.root)
        var visited = 0
        while let node = stack.popLast() {
            visited += 1
            switch node.value {
            case .scalar(let s): _ = (s.isNull, s.boolValue, s.doubleValue, s.isString)
            case .sequence(let items): stack.append(contentsOf: items)
            case .mapping(let pairs): for p in pairs { stack.append(p.key); stack.append(p.value) }
            }
        }
        precondition(visited <= 200_000 + documents.count)
    } catch let error as YAMLError {
        precondition(error.location.line >= 1 && error.location.column >= 1)
    } catch {
        preconditionFailure("unexpected error type \(error)")
    }
    return 0
}
