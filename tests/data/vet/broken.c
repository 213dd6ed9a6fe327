/* Does not parse: vet reports clang's error and fails. */
struct account acct = ;
