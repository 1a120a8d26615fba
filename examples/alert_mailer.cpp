// A monitor that mails an alert through sendmail from a detached thread.
//
// Hazards: the child process is started by a thread nobody waits for, so
// whether the mail went out can never be seen, and the child may be left
// orphaned when main returns (daemon-detached-subprocess).
#include <cstdio>
#include <string>
#include <thread>

static void mailAlert(const std::string &Subject) {
  std::FILE *Mail = popen("/usr/sbin/sendmail -t", "w");
  if (!Mail)
    return;
  std::fprintf(Mail, "To: ops@example.com\nSubject: %s\n\n", Subject.c_str());
  pclose(Mail);
}

void checkDisk(int PercentUsed) {
  if (PercentUsed > 90)
    std::thread(mailAlert, "disk almost full").detach();
}

int main() {
  checkDisk(95);
  return 0;
}
