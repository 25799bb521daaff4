// posertalkr-floor: the benchmark's floor, a server in plain C (epoll, one thread, no
// allocation per request) that answers PoserTalkr's protocols without running anything:
// raw mode gets "9\n" for each read burst (what PoserTalkr answers to `=4+5`), framed mode
// (first byte NUL) gets a HELLO for its preamble and, for every frame, an OK frame with the
// text "9" and the request's id. What a request costs here is what the transport and the
// framing cost, the bound PoserTalkr is measured against.
//
// With --hand-off the epoll thread does not write: it passes each answer to a second thread
// (a queue and a semaphore, as PoserTalkr's event loop passes a request to its interpreter
// thread) and that thread writes it, as PoserTalkr's interpreter thread writes a direct reply.
// That is the floor of PoserTalkr's shape, one hand-off per request and nothing else.
//
// Usage: posertalkr-floor [--hand-off] [port]   (0 or none: pick one; prints
// "listening on 127.0.0.1:PORT")
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

enum { MAX_EVENTS = 256, BUFFER = 1 << 16, MAX_FDS = 65536 };

// Bytes a client was sent but its socket did not take yet.
typedef struct {
    char *data;
    size_t length;
} Pending;

// What a client sent that is not a whole frame yet (framed mode).
typedef struct {
    enum { UNKNOWN, RAW, FRAMED } mode;
    size_t preambleLeft;
    unsigned char partial[16];
    size_t partialLength;
    uint64_t bodyLeft;
} Input;

static Pending pending[MAX_FDS];
static Input input[MAX_FDS];

// Closes the descriptor and drops what was still to be sent on it.
static void releaseClient(int fd) {
    close(fd);
    free(pending[fd].data);
    pending[fd].data = NULL;
    pending[fd].length = 0;
}

static void closeClient(int epoll, int fd) {
    epoll_ctl(epoll, EPOLL_CTL_DEL, fd, NULL);
    releaseClient(fd);
    memset(&input[fd], 0, sizeof input[fd]);
}

static void putU32(unsigned char *at, uint32_t value) {
    for (int shift = 0; shift < 4; shift++) at[shift] = (unsigned char)(value >> (24 - 8 * shift));
}

// Appends one frame: length, op, flags, reserved, id, body.
static size_t frame(unsigned char *out, uint8_t op, uint8_t flags, const unsigned char *id,
                    const char *body, size_t bodyLength) {
    putU32(out, (uint32_t)(12 + bodyLength));
    out[4] = op;
    out[5] = flags;
    out[6] = out[7] = 0;
    memcpy(out + 8, id, 8);
    memcpy(out + 16, body, bodyLength);
    return 16 + bodyLength;
}

// Turns what a framed client sent into answers in `out`; returns their length.
static size_t answerFramed(Input *state, const unsigned char *data, size_t length, unsigned char *out) {
    static const unsigned char zeroID[8] = {0};
    static const char okNine[9] = {0, 0, 0, 0, 0, 0, 0, 0, '9'};
    size_t written = 0;
    size_t at = 0;
    while (at < length) {
        if (state->preambleLeft > 0) {
            size_t step = length - at < state->preambleLeft ? length - at : state->preambleLeft;
            at += step;
            state->preambleLeft -= step;
            if (state->preambleLeft == 0) written += frame(out + written, 0x80, 0, zeroID, "{}", 2);
            continue;
        }
        if (state->bodyLeft > 0) {
            size_t step = length - at < state->bodyLeft ? length - at : (size_t)state->bodyLeft;
            at += step;
            state->bodyLeft -= step;
            continue;
        }
        size_t need = 16 - state->partialLength;
        size_t step = length - at < need ? length - at : need;
        memcpy(state->partial + state->partialLength, data + at, step);
        state->partialLength += step;
        at += step;
        if (state->partialLength < 16) break;
        state->partialLength = 0;
        uint32_t frameLength = ((uint32_t)state->partial[0] << 24) | ((uint32_t)state->partial[1] << 16) |
                               ((uint32_t)state->partial[2] << 8) | state->partial[3];
        state->bodyLeft = frameLength > 12 ? frameLength - 12 : 0;
        written += frame(out + written, 0x82, 1, state->partial + 8, okNine, sizeof okNine);
    }
    return written;
}

// Sends what is pending first, then `data`; keeps what the socket does not take.
static int sendAll(int epoll, int fd, const char *data, size_t length) {
    if (pending[fd].length > 0) {
        char *joined = realloc(pending[fd].data, pending[fd].length + length);
        if (joined == NULL) return -1;
        memcpy(joined + pending[fd].length, data, length);
        pending[fd].data = joined;
        pending[fd].length += length;
        data = joined;
        length = pending[fd].length;
    }
    size_t sent = 0;
    while (sent < length) {
        ssize_t written = write(fd, data + sent, length - sent);
        if (written > 0) {
            sent += (size_t)written;
        } else if (written < 0 && errno == EINTR) {
            continue;
        } else if (written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            break;
        } else {
            return -1;
        }
    }
    size_t left = length - sent;
    if (left > 0) {
        char *rest = malloc(left);
        if (rest == NULL) return -1;
        memcpy(rest, data + sent, left);
        free(pending[fd].data);
        pending[fd].data = rest;
    } else {
        free(pending[fd].data);
        pending[fd].data = NULL;
    }
    pending[fd].length = left;
    struct epoll_event event = {.events = EPOLLIN | (left > 0 ? EPOLLOUT : 0), .data.fd = fd};
    epoll_ctl(epoll, EPOLL_CTL_MOD, fd, &event);
    return 0;
}

// --hand-off: what the epoll thread passes to the writing thread, in order. A job with no
// bytes after EPOLLOUT sends what is pending; a closing job closes the descriptor (the writing
// thread closes, so that the number is not reused while sends for it wait in the queue).
typedef struct Job {
    struct Job *next;
    int fd;
    int closing;
    size_t length;
    char bytes[];
} Job;

static struct {
    pthread_mutex_t lock;
    sem_t ready;
    Job *first, *last;
    int epoll;
} handOff = {.lock = PTHREAD_MUTEX_INITIALIZER};

static void pass(int fd, int closing, const void *bytes, size_t length) {
    Job *job = malloc(sizeof(Job) + length);
    if (job == NULL) abort();
    *job = (Job){.fd = fd, .closing = closing, .length = length};
    memcpy(job->bytes, bytes, length);
    pthread_mutex_lock(&handOff.lock);
    if (handOff.last) handOff.last->next = job; else handOff.first = job;
    handOff.last = job;
    pthread_mutex_unlock(&handOff.lock);
    sem_post(&handOff.ready);
}

static void *writeHandedOff(void *unused) {
    (void)unused;
    for (;;) {
        while (sem_wait(&handOff.ready) != 0) {}
        pthread_mutex_lock(&handOff.lock);
        Job *job = handOff.first;
        handOff.first = job->next;
        if (handOff.first == NULL) handOff.last = NULL;
        pthread_mutex_unlock(&handOff.lock);
        if (job->closing) {
            releaseClient(job->fd);
        } else if (sendAll(handOff.epoll, job->fd, job->bytes, job->length) != 0) {
            // The epoll thread sees the error on its next read and passes the close.
            shutdown(job->fd, SHUT_RDWR);
        }
        free(job);
    }
    return NULL;
}

// The client is gone: stop watching it, and close it here or on the writing thread.
static void dropClient(int epoll, int fd, int handingOff) {
    if (!handingOff) {
        closeClient(epoll, fd);
        return;
    }
    epoll_ctl(epoll, EPOLL_CTL_DEL, fd, NULL);
    memset(&input[fd], 0, sizeof input[fd]);
    pass(fd, 1, "", 0);
}

int main(int argc, char **argv) {
    int handingOff = argc > 1 && strcmp(argv[1], "--hand-off") == 0;
    if (handingOff) {
        argc--;
        argv++;
    }
    int port = argc > 1 ? atoi(argv[1]) : 0;
    int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(listener, (struct sockaddr *)&address, sizeof address) != 0 || listen(listener, 1024) != 0) {
        perror("posertalkr-floor: bind");
        return 1;
    }
    socklen_t size = sizeof address;
    getsockname(listener, (struct sockaddr *)&address, &size);
    printf("posertalkr-floor listening on 127.0.0.1:%d\n", ntohs(address.sin_port));
    fflush(stdout);

    int epoll = epoll_create1(0);
    if (handingOff) {
        handOff.epoll = epoll;
        sem_init(&handOff.ready, 0, 0);
        pthread_t writer;
        pthread_create(&writer, NULL, writeHandedOff, NULL);
    }
    struct epoll_event event = {.events = EPOLLIN, .data.fd = listener};
    epoll_ctl(epoll, EPOLL_CTL_ADD, listener, &event);
    struct epoll_event events[MAX_EVENTS];
    static char buffer[BUFFER];
    // The answers to a full buffer of the smallest frames (16 bytes in, 25 out) fit.
    static unsigned char answers[BUFFER / 16 * 25 + 64];
    for (;;) {
        int ready = epoll_wait(epoll, events, MAX_EVENTS, -1);
        for (int index = 0; index < ready; index++) {
            int fd = events[index].data.fd;
            if (fd == listener) {
                int client;
                while ((client = accept4(listener, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
                    if (client >= MAX_FDS) {
                        close(client);
                        continue;
                    }
                    setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    struct epoll_event added = {.events = EPOLLIN, .data.fd = client};
                    epoll_ctl(epoll, EPOLL_CTL_ADD, client, &added);
                }
                continue;
            }
            if (events[index].events & EPOLLOUT) {
                if (handingOff) {
                    pass(fd, 0, "", 0);
                } else if (sendAll(epoll, fd, "", 0) != 0) {
                    closeClient(epoll, fd);
                    continue;
                }
            }
            if (events[index].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
                for (;;) {
                    ssize_t count = read(fd, buffer, sizeof buffer);
                    if (count > 0) {
                        Input *state = &input[fd];
                        if (state->mode == UNKNOWN) {
                            state->mode = buffer[0] == 0 ? FRAMED : RAW;
                            state->preambleLeft = state->mode == FRAMED ? 8 : 0;
                        }
                        size_t answer = 2;
                        if (state->mode == FRAMED) {
                            answer = answerFramed(state, (unsigned char *)buffer, (size_t)count, answers);
                        } else {
                            memcpy(answers, "9\n", 2);
                        }
                        if (answer > 0 && handingOff) {
                            pass(fd, 0, answers, answer);
                        } else if (answer > 0 && sendAll(epoll, fd, (char *)answers, answer) != 0) {
                            closeClient(epoll, fd);
                            break;
                        }
                        if (count < (ssize_t)sizeof buffer) break;
                    } else if (count < 0 && errno == EINTR) {
                        continue;
                    } else if (count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                        break;
                    } else {
                        dropClient(epoll, fd, handingOff);
                        break;
                    }
                }
            }
        }
    }
}
