#pragma once

void report_loop(int fd);
void compute_loop(int rounds);
