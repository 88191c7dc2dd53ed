#include <stdio.h>

int main(void) {
  int value, total = 0;
  while (scanf("%d", &value) == 1) total += value;
  printf("%d\n", total);
  return 0;
}
