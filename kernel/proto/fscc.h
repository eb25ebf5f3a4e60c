/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fscc.h - file system constants shared by the codec and the file service:
 * attributes and information classes (MS-FSCC 2.4, 2.5, 2.6), access masks
 * (MS-DTYP 2.4.3, MS-SMB2 2.2.13.1), CREATE dispositions and options
 * (MS-SMB2 2.2.13), and the neutral description of a file that the IOS
 * layer fills in and the info-class builders encode.
 */
#ifndef SMB3K_FSCC_H
#define SMB3K_FSCC_H

#include "proto_shim.h"

/* MS-FSCC 2.6 file attributes */
#define FILE_ATTRIBUTE_READONLY			0x00000001U
#define FILE_ATTRIBUTE_HIDDEN			0x00000002U
#define FILE_ATTRIBUTE_SYSTEM			0x00000004U
#define FILE_ATTRIBUTE_DIRECTORY		0x00000010U
#define FILE_ATTRIBUTE_ARCHIVE			0x00000020U
#define FILE_ATTRIBUTE_NORMAL			0x00000080U
#define FILE_ATTRIBUTE_TEMPORARY		0x00000100U
#define FILE_ATTRIBUTE_SPARSE_FILE		0x00000200U
#define FILE_ATTRIBUTE_REPARSE_POINT		0x00000400U
#define FILE_ATTRIBUTE_COMPRESSED		0x00000800U
#define FILE_ATTRIBUTE_OFFLINE			0x00001000U
#define FILE_ATTRIBUTE_NOT_CONTENT_INDEXED	0x00002000U
#define FILE_ATTRIBUTE_ENCRYPTED		0x00004000U
#define FILE_ATTRIBUTE_INTEGRITY_STREAM		0x00008000U
#define FILE_ATTRIBUTE_NO_SCRUB_DATA		0x00020000U
/* What a client may set (the rest are the file system's to report) */
#define FILE_ATTRIBUTE_SETTABLE	(FILE_ATTRIBUTE_READONLY | FILE_ATTRIBUTE_HIDDEN | \
				 FILE_ATTRIBUTE_SYSTEM | FILE_ATTRIBUTE_ARCHIVE | \
				 FILE_ATTRIBUTE_TEMPORARY | FILE_ATTRIBUTE_OFFLINE | \
				 FILE_ATTRIBUTE_NOT_CONTENT_INDEXED)

/* MS-SMB2 2.2.13.1 / MS-DTYP 2.4.3 access mask */
#define FILE_READ_DATA			0x00000001U	/* FILE_LIST_DIRECTORY */
#define FILE_WRITE_DATA			0x00000002U	/* FILE_ADD_FILE */
#define FILE_APPEND_DATA		0x00000004U	/* FILE_ADD_SUBDIRECTORY */
#define FILE_READ_EA			0x00000008U
#define FILE_WRITE_EA			0x00000010U
#define FILE_EXECUTE			0x00000020U	/* FILE_TRAVERSE */
#define FILE_DELETE_CHILD		0x00000040U
#define FILE_READ_ATTRIBUTES		0x00000080U
#define FILE_WRITE_ATTRIBUTES		0x00000100U
#define DELETE				0x00010000U
#define READ_CONTROL			0x00020000U
#define WRITE_DAC			0x00040000U
#define WRITE_OWNER			0x00080000U
#define SYNCHRONIZE			0x00100000U
#define ACCESS_SYSTEM_SECURITY		0x01000000U
#define MAXIMUM_ALLOWED			0x02000000U
#define GENERIC_ALL			0x10000000U
#define GENERIC_EXECUTE			0x20000000U
#define GENERIC_WRITE			0x40000000U
#define GENERIC_READ			0x80000000U
#define FILE_ALL_ACCESS			0x001F01FFU
/* MS-SMB2 3.3.5.9: bits a request may not set */
#define FILE_ACCESS_INVALID_BITS	0x0CE0FE00U

/* Generic mapping for files (MS-FSCC / MS-DTYP 2.4.3) */
#define FILE_GENERIC_READ	(READ_CONTROL | FILE_READ_DATA | FILE_READ_ATTRIBUTES | \
				 FILE_READ_EA | SYNCHRONIZE)
#define FILE_GENERIC_WRITE	(READ_CONTROL | FILE_WRITE_DATA | FILE_WRITE_ATTRIBUTES | \
				 FILE_WRITE_EA | FILE_APPEND_DATA | SYNCHRONIZE)
#define FILE_GENERIC_EXECUTE	(READ_CONTROL | FILE_READ_ATTRIBUTES | FILE_EXECUTE | \
				 SYNCHRONIZE)

/* MS-SMB2 2.2.13 ShareAccess */
#define FILE_SHARE_READ			0x00000001U
#define FILE_SHARE_WRITE		0x00000002U
#define FILE_SHARE_DELETE		0x00000004U
#define FILE_SHARE_VALID		0x00000007U

/* MS-SMB2 2.2.13 CreateDisposition */
#define FILE_SUPERSEDE			0x00000000U
#define FILE_OPEN			0x00000001U
#define FILE_CREATE			0x00000002U
#define FILE_OPEN_IF			0x00000003U
#define FILE_OVERWRITE			0x00000004U
#define FILE_OVERWRITE_IF		0x00000005U

/* MS-SMB2 2.2.14 CreateAction */
#define FILE_SUPERSEDED			0x00000000U
/* FILE_OPENED (1) is in smb2_file.h */
#define FILE_CREATED			0x00000002U
#define FILE_OVERWRITTEN		0x00000003U

/* MS-SMB2 2.2.13 CreateOptions */
#define FILE_DIRECTORY_FILE		0x00000001U
#define FILE_WRITE_THROUGH		0x00000002U
#define FILE_SEQUENTIAL_ONLY		0x00000004U
#define FILE_NO_INTERMEDIATE_BUFFERING	0x00000008U
#define FILE_SYNCHRONOUS_IO_ALERT	0x00000010U
#define FILE_SYNCHRONOUS_IO_NONALERT	0x00000020U
#define FILE_NON_DIRECTORY_FILE		0x00000040U
#define FILE_COMPLETE_IF_OPLOCKED	0x00000100U
#define FILE_NO_EA_KNOWLEDGE		0x00000200U
#define FILE_RANDOM_ACCESS		0x00000800U
#define FILE_DELETE_ON_CLOSE		0x00001000U
#define FILE_OPEN_BY_FILE_ID		0x00002000U
#define FILE_OPEN_FOR_BACKUP_INTENT	0x00004000U
#define FILE_NO_COMPRESSION		0x00008000U
#define FILE_OPEN_REMOTE_INSTANCE	0x00000400U
#define FILE_OPEN_REQUIRING_OPLOCK	0x00010000U
#define FILE_DISALLOW_EXCLUSIVE		0x00020000U
#define FILE_RESERVE_OPFILTER		0x00100000U
#define FILE_OPEN_REPARSE_POINT		0x00200000U
#define FILE_OPEN_NO_RECALL		0x00400000U
#define FILE_OPEN_FOR_FREE_SPACE_QUERY	0x00800000U
#define FILE_CREATE_OPTIONS_VALID	0x00FFFFFFU

/* MS-SMB2 2.2.37 InfoType */
#define SMB2_0_INFO_FILE		0x01
#define SMB2_0_INFO_FILESYSTEM		0x02
#define SMB2_0_INFO_SECURITY		0x03
#define SMB2_0_INFO_QUOTA		0x04

/* MS-DTYP 2.4.7 SECURITY_INFORMATION (MS-SMB2 2.2.37 AdditionalInformation) */
#define OWNER_SECURITY_INFORMATION		0x00000001U
#define GROUP_SECURITY_INFORMATION		0x00000002U
#define DACL_SECURITY_INFORMATION		0x00000004U
#define SACL_SECURITY_INFORMATION		0x00000008U
#define LABEL_SECURITY_INFORMATION		0x00000010U
#define ATTRIBUTE_SECURITY_INFORMATION		0x00000020U
#define SCOPE_SECURITY_INFORMATION		0x00000040U
#define BACKUP_SECURITY_INFORMATION		0x00010000U
#define UNPROTECTED_SACL_SECURITY_INFORMATION	0x10000000U
#define UNPROTECTED_DACL_SECURITY_INFORMATION	0x20000000U
#define PROTECTED_SACL_SECURITY_INFORMATION	0x40000000U
#define PROTECTED_DACL_SECURITY_INFORMATION	0x80000000U

/* MS-FSCC 2.4 file information classes */
#define FileDirectoryInformation		1
#define FileFullDirectoryInformation		2
#define FileBothDirectoryInformation		3
#define FileBasicInformation			4
#define FileStandardInformation			5
#define FileInternalInformation			6
#define FileEaInformation			7
#define FileAccessInformation			8
#define FileNameInformation			9
#define FileRenameInformation			10
#define FileLinkInformation			11
#define FileNamesInformation			12
#define FileDispositionInformation		13
#define FilePositionInformation			14
#define FileFullEaInformation			15
#define FileModeInformation			16
#define FileAlignmentInformation		17
#define FileAllInformation			18
#define FileAllocationInformation		19
#define FileEndOfFileInformation		20
#define FileAlternateNameInformation		21
#define FileStreamInformation			22
#define FilePipeInformation			23
#define FilePipeLocalInformation		24
#define FilePipeRemoteInformation		25
#define FileCompressionInformation		28
#define FileNetworkOpenInformation		34
#define FileAttributeTagInformation		35
#define FileIdBothDirectoryInformation		37
#define FileIdFullDirectoryInformation		38
#define FileValidDataLengthInformation		39
#define FileShortNameInformation		40
#define FileNormalizedNameInformation		48
#define FileIdInformation			59
#define FileIdExtdDirectoryInformation		60
#define FileId64ExtdDirectoryInformation	78
#define FileId64ExtdBothDirectoryInformation	79
#define FileIdAllExtdDirectoryInformation	80
#define FileIdAllExtdBothDirectoryInformation	81
#define FileDispositionInformationEx		64
#define FileRenameInformationEx			65

/* MS-FSCC 2.5 file system information classes */
#define FileFsVolumeInformation			1
#define FileFsLabelInformation			2
#define FileFsSizeInformation			3
#define FileFsDeviceInformation			4
#define FileFsAttributeInformation		5
#define FileFsControlInformation		6
#define FileFsFullSizeInformation		7
#define FileFsObjectIdInformation		8
#define FileFsSectorSizeInformation		11

/* MS-FSCC 2.5.1 FileSystemAttributes */
#define FILE_CASE_SENSITIVE_SEARCH		0x00000001U
#define FILE_CASE_PRESERVED_NAMES		0x00000002U
#define FILE_UNICODE_ON_DISK			0x00000004U
#define FILE_PERSISTENT_ACLS			0x00000008U
#define FILE_FILE_COMPRESSION			0x00000010U
#define FILE_VOLUME_QUOTAS			0x00000020U
#define FILE_SUPPORTS_SPARSE_FILES		0x00000040U
#define FILE_SUPPORTS_REPARSE_POINTS		0x00000080U
#define FILE_SUPPORTS_OBJECT_IDS		0x00010000U
#define FILE_NAMED_STREAMS			0x00040000U
#define FILE_SUPPORTS_EXTENDED_ATTRIBUTES	0x00800000U
#define FILE_SUPPORTS_HARD_LINKS		0x00400000U
#define FILE_SUPPORTS_BLOCK_REFCOUNTING		0x08000000U
#define FILE_SUPPORTS_SPARSE_VDL		0x10000000U
#define FILE_READ_ONLY_VOLUME			0x00080000U
#define FILE_SUPPORTS_TRANSACTIONS		0x00200000U
#define FILE_SUPPORTS_OPEN_BY_FILE_ID		0x01000000U
#define FILE_SUPPORTS_USN_JOURNAL		0x02000000U

/* MS-FSCC 2.5.10 DeviceType / Characteristics */
#define FILE_DEVICE_DISK			0x00000007U
#define FILE_REMOTE_DEVICE			0x00000010U
#define FILE_DEVICE_IS_MOUNTED			0x00000020U
#define FILE_READ_ONLY_DEVICE			0x00000002U

/* MS-FSCC 2.5.7 FileFsSectorSizeInformation */
#define SSINFO_FLAGS_ALIGNED_DEVICE		0x00000001U
#define SSINFO_FLAGS_PARTITION_ALIGNED_ON_DEVICE	0x00000002U
#define SSINFO_FLAGS_NO_SEEK_PENALTY		0x00000004U
#define SSINFO_FLAGS_TRIM_ENABLED		0x00000008U
#define SSINFO_OFFSET_UNKNOWN			0xFFFFFFFFU

/* MS-FSCC 2.4.9 CompressionFormat */
#define COMPRESSION_FORMAT_NONE			0x0000
#define COMPRESSION_FORMAT_LZNT1		0x0002

/* MS-FSCC 2.4.11 / 2.4.12 DispositionInformationEx flags */
#define FILE_DISPOSITION_DO_NOT_DELETE		0x00000000U
#define FILE_DISPOSITION_DELETE			0x00000001U
#define FILE_DISPOSITION_POSIX_SEMANTICS	0x00000002U
#define FILE_DISPOSITION_FORCE_IMAGE_SECTION_CHECK	0x00000004U
#define FILE_DISPOSITION_ON_CLOSE		0x00000008U
#define FILE_DISPOSITION_IGNORE_READONLY_ATTRIBUTE	0x00000010U
#define FILE_DISPOSITION_FLAGS_VALID		0x0000001FU

/* MS-FSCC 2.4.37.2 FileRenameInformationEx flags */
#define FILE_RENAME_REPLACE_IF_EXISTS		0x00000001U
#define FILE_RENAME_POSIX_SEMANTICS		0x00000002U
#define FILE_RENAME_IGNORE_READONLY_ATTRIBUTE	0x00000040U
#define FILE_RENAME_FLAGS_VALID			0x000001FFU

/* MS-FSCC 2.4.26 FileModeInformation */
#define FILE_MODE_VALID	(FILE_WRITE_THROUGH | FILE_SEQUENTIAL_ONLY | \
			 FILE_NO_INTERMEDIATE_BUFFERING | FILE_SYNCHRONOUS_IO_ALERT | \
			 FILE_SYNCHRONOUS_IO_NONALERT | FILE_DELETE_ON_CLOSE)

/* MS-SMB2 2.2.35 CHANGE_NOTIFY CompletionFilter (MS-FSCC 2.7.1 actions) */
#define FILE_NOTIFY_CHANGE_FILE_NAME		0x00000001U
#define FILE_NOTIFY_CHANGE_DIR_NAME		0x00000002U
#define FILE_NOTIFY_CHANGE_ATTRIBUTES		0x00000004U
#define FILE_NOTIFY_CHANGE_SIZE			0x00000008U
#define FILE_NOTIFY_CHANGE_LAST_WRITE		0x00000010U
#define FILE_NOTIFY_CHANGE_LAST_ACCESS		0x00000020U
#define FILE_NOTIFY_CHANGE_CREATION		0x00000040U
#define FILE_NOTIFY_CHANGE_EA			0x00000080U
#define FILE_NOTIFY_CHANGE_SECURITY		0x00000100U
#define FILE_NOTIFY_CHANGE_STREAM_NAME		0x00000200U
#define FILE_NOTIFY_CHANGE_STREAM_SIZE		0x00000400U
#define FILE_NOTIFY_CHANGE_STREAM_WRITE		0x00000800U
#define FILE_ACTION_ADDED			0x00000001U
#define FILE_ACTION_REMOVED			0x00000002U
#define FILE_ACTION_MODIFIED			0x00000003U
#define FILE_ACTION_RENAMED_OLD_NAME		0x00000004U
#define FILE_ACTION_RENAMED_NEW_NAME		0x00000005U

/* MS-FSCC 2.4.16 FILE_FULL_EA_INFORMATION Flags */
#define FILE_NEED_EA				0x00000080U

/* Reparse tags (MS-FSCC 2.1.2.1) */
#define IO_REPARSE_TAG_SYMLINK			0xA000000CU

/**
 * struct fscc_file_stat - what the file service knows of one file
 * @creation_time: CreationTime (FILETIME: 100 ns since 1601, UTC)
 * @last_access_time: LastAccessTime
 * @last_write_time: LastWriteTime
 * @change_time: ChangeTime
 * @allocation_size: AllocationSize in bytes
 * @end_of_file: EndOfFile in bytes (0 for directories)
 * @file_attributes: FILE_ATTRIBUTE_* (FILE_ATTRIBUTE_NORMAL when none)
 * @reparse_tag: ReparseTag when FILE_ATTRIBUTE_REPARSE_POINT is set
 * @number_of_links: NumberOfLinks
 * @delete_pending: DeletePending
 * @directory: Directory
 * @index_number: IndexNumber / FileId (64-bit, unique on the volume)
 * @volume_serial: VolumeSerialNumber
 * @ea_size: size of the EAs in FILE_FULL_EA_INFORMATION form (0: none)
 *
 * Filled by the IOS driver from its file system; the info-class builders
 * encode it. All times are FILETIME values, 0 meaning "not known".
 */
struct fscc_file_stat {
	u64 creation_time;
	u64 last_access_time;
	u64 last_write_time;
	u64 change_time;
	u64 allocation_size;
	u64 end_of_file;
	u32 file_attributes;
	u32 reparse_tag;
	u32 number_of_links;
	bool delete_pending;
	bool directory;
	u64 index_number;
	u64 volume_serial;
	u32 ea_size;
};

/**
 * struct fscc_fs_stat - what the file service knows of a share's volume
 * @total_units: allocation units in the volume
 * @caller_avail_units: units available to the caller (quota applied)
 * @actual_avail_units: units free on the volume
 * @sectors_per_unit: sectors per allocation unit
 * @bytes_per_sector: bytes per sector (logical)
 * @physical_bytes_per_sector: for FileFsSectorSizeInformation
 * @fs_attributes: FILE_* file system attribute flags (MS-FSCC 2.5.1)
 * @max_name_len: MaximumComponentNameLength
 * @fs_name: file system name, UTF-16LE (e.g. "NTFS")
 * @fs_name_len: its length in bytes
 * @volume_label: volume label, UTF-16LE (often the share name)
 * @volume_label_len: its length in bytes
 * @volume_serial: VolumeSerialNumber (32 bits on the wire)
 * @volume_creation_time: VolumeCreationTime (FILETIME)
 * @object_id: FileFsObjectIdInformation ObjectId (16 bytes)
 */
struct fscc_fs_stat {
	u64 total_units;
	u64 caller_avail_units;
	u64 actual_avail_units;
	u32 sectors_per_unit;
	u32 bytes_per_sector;
	u32 physical_bytes_per_sector;
	u32 fs_attributes;
	u32 max_name_len;
	const u8 *fs_name;
	u32 fs_name_len;
	const u8 *volume_label;
	u32 volume_label_len;
	u32 volume_serial;
	u64 volume_creation_time;
	u8 object_id[16];
};

#endif /* SMB3K_FSCC_H */
