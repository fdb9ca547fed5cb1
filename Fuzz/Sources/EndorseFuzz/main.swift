import Foundation

// libFuzzer's driver, from libclang_rt.fuzzer_no_main (scripts/fuzz.sh links it): this program
// keeps its own main, as SwiftPM expects of an executable, and hands libFuzzer its arguments and
// the one-input callback. A target throws nothing and returns nothing: a crash (a trap, a
// precondition) or a hang is the finding.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
_ = FuzzTargets.selected  // refuse a wrong ENDORSE_FUZZ_TARGET before libFuzzer starts
let status = LLVMFuzzerRunDriver(&argc, &argv) { data, size in
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    FuzzTargets.selected(bytes)
    return 0
}
exit(status)
