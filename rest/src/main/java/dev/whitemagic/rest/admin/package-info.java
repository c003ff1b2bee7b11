/**
 * The operators' API, enabled by {@code WM_ADMIN_TOKEN}: provisioning users, their plans and their keys.
 */
package dev.whitemagic.rest.admin;
