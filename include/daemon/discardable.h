/* daemon/discardable.h - mark a detached thread's work as disposable.
 *
 * daemon-tidy's effect checks (daemon-detached-file-write and its
 * siblings), daemon-detached-static-destruction and
 * daemon-exit-with-running-threads do not report threads whose entry
 * carries this annotation: losing their work when the process exits is
 * intended (a heartbeat, a cache refresh).
 *
 *   static void DAEMON_DISCARDABLE heartbeat(void);
 *   std::thread([]() DAEMON_DISCARDABLE { refreshCache(); }).detach();
 *
 * On compilers without the `annotate` attribute it expands to nothing.
 */
#ifndef DAEMON_DISCARDABLE_H
#define DAEMON_DISCARDABLE_H

#if defined(__has_attribute)
#if __has_attribute(annotate)
#define DAEMON_DISCARDABLE __attribute__((annotate("daemon::discardable")))
#endif
#endif
#ifndef DAEMON_DISCARDABLE
#define DAEMON_DISCARDABLE
#endif

#endif
