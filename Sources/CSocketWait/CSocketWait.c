#ifdef __linux__
#define _GNU_SOURCE
#endif
#include "CSocketWait.h"

#ifdef __linux__
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

int ptk_poller_create(void) { return epoll_create1(EPOLL_CLOEXEC); }

int ptk_poller_add(int poller, int fd, uint64_t token) {
    struct epoll_event event = {.events = EPOLLIN | EPOLLRDHUP | EPOLLET, .data.u64 = token};
    return epoll_ctl(poller, EPOLL_CTL_ADD, fd, &event);
}

int ptk_poller_remove(int poller, int fd) { return epoll_ctl(poller, EPOLL_CTL_DEL, fd, NULL); }

int ptk_poller_wait(int poller, uint64_t *tokens, int capacity, int timeout_ms) {
    struct epoll_event events[64];
    if (capacity > 64) capacity = 64;
    int count = epoll_wait(poller, events, capacity, timeout_ms);
    for (int i = 0; i < count; i++) tokens[i] = events[i].data.u64;
    return count;
}

int ptk_event_create(void) { return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC); }

void ptk_event_signal(int event) {
    uint64_t one = 1;
    (void)!write(event, &one, sizeof one);
}

void ptk_event_drain(int event) {
    uint64_t count;
    (void)!read(event, &count, sizeof count);
}

int ptk_peer_finished(int fd) {
    struct pollfd entry = {.fd = fd, .events = POLLRDHUP};
    int ready = poll(&entry, 1, 0);
    if (ready < 0) return -1;
    return (entry.revents & (POLLRDHUP | POLLHUP | POLLERR | POLLNVAL)) ? 1 : 0;
}

int ptk_peek_onward(int fd) {
    int offset = 0;
    return setsockopt(fd, SOL_SOCKET, SO_PEEK_OFF, &offset, sizeof offset);
}

#else

int ptk_poller_create(void) { return -1; }
int ptk_poller_add(int poller, int fd, uint64_t token) { return -1; }
int ptk_poller_remove(int poller, int fd) { return -1; }
int ptk_poller_wait(int poller, uint64_t *tokens, int capacity, int timeout_ms) { return -1; }
int ptk_event_create(void) { return -1; }
void ptk_event_signal(int event) {}
void ptk_event_drain(int event) {}
int ptk_peer_finished(int fd) { return -1; }
int ptk_peek_onward(int fd) { return -1; }

#endif
