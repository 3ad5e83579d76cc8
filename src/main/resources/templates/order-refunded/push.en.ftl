<#-- first line: notification title; the rest: its body -->
Refund complete
Order ${orderId} has been refunded
