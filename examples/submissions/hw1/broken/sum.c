#include <stdio.h>

int main(void) {
  long long value, total = 0
  while (scanf("%lld", &value) == 1) total += value;
  printf("%lld\n", total);
  return 0;
}
