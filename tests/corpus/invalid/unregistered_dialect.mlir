// EXPECT: 2:1 unregistered dialect
"foo.bar"() : () -> ()
