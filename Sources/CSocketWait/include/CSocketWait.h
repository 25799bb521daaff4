#ifndef CSOCKETWAIT_H
#define CSOCKETWAIT_H

#include <stdint.h>

// The few Linux calls the interpreter thread needs to wait for sockets and work at once
// (epoll, eventfd, poll's POLLRDHUP), which Swift's Glibc module does not bring in.
// Elsewhere every function fails (-1) and the server does without (InterpreterPoller).

/// An epoll instance (close-on-exec), or -1.
int ptk_poller_create(void);
/// Watches `fd` for new bytes and for the peer's end (edge-triggered); 0 or -1.
int ptk_poller_add(int poller, int fd, uint64_t token);
/// Stops watching `fd`; 0 or -1.
int ptk_poller_remove(int poller, int fd);
/// Waits up to `timeout_ms` (-1: for ever) and writes the tokens of what became ready.
/// Returns how many, 0 on timeout, -1 on error (EINTR included).
int ptk_poller_wait(int poller, uint64_t *tokens, int capacity, int timeout_ms);

/// A non-blocking eventfd (close-on-exec), or -1.
int ptk_event_create(void);
void ptk_event_signal(int event);
void ptk_event_drain(int event);

/// 1 when the peer of socket `fd` closed its sending side or the connection broke
/// (POLLRDHUP, POLLHUP, POLLERR), 0 when not, -1 when it cannot be told.
int ptk_peer_finished(int fd);

/// Makes MSG_PEEK reads of socket `fd` start where the last one ended (SO_PEEK_OFF, from
/// offset 0 now); 0, or -1 where the system cannot (TCP has it from Linux 6.10).
int ptk_peek_onward(int fd);

#endif
