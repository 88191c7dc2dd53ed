#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  char word[64];
  long long total = 0;
  while (scanf("%63s", word) == 1) {
    char *end;
    errno = 0;
    long long value = strtoll(word, &end, 10);
    if (*end != '\0' || errno == ERANGE) {
      fprintf(stderr, "sum: not an integer: %s\n", word);
      return 2;
    }
    total += value;
  }
  printf("%lld\n", total);
  return 0;
}
