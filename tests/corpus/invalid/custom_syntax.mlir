// EXPECT: 2:1 custom operation syntax is not supported
func.func @f() {
  return
}
