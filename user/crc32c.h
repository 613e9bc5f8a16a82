/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum the
 * capture format uses for its headers and block payloads. Same value as
 * iSCSI/ext4/btrfs crc32c: crc32c("123456789") == 0xE3069283.
 */
#ifndef OOMTRACE_CRC32C_H
#define OOMTRACE_CRC32C_H

#include <stddef.h>
#include <stdint.h>

/* Continue a running CRC: start with crc = 0. */
uint32_t crc32c(uint32_t crc, const void *buf, size_t len);

#endif
